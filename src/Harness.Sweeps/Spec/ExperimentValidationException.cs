namespace Harness.Sweeps;

/// <summary>
/// An experiment file that cannot be used (an ArgumentException, so the CLI reports it as bad input, exit 2). Every entry of <see cref="Errors"/> starts with the file name and the
/// JSON path (or line:column for syntax errors) and says what is wrong and what is allowed.
/// </summary>
public sealed class ExperimentValidationException(string file, IReadOnlyList<string> errors)
    : ArgumentException(errors.Count == 1
        ? errors[0]
        : $"{file}: {errors.Count} problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public string File { get; } = file;
    public IReadOnlyList<string> Errors { get; } = errors;
}
