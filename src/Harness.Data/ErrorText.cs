namespace Harness.Data;

/// <summary>An exception's message as a user reads it.</summary>
public static class ErrorText
{
    /// <summary>
    /// The message without the " (Parameter 'x')" an <see cref="ArgumentException"/> appends: the parameter's name is
    /// for developers, the sentence before it for the user.
    /// </summary>
    public static string Sentence(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message;
    }
}
