namespace Harness.Store;

/// <summary>
/// pending -> running -> complete | pruned | diverged | failed | interrupted. A running trial whose process is
/// gone is re-queued (back to pending). Terminal states never change.
/// </summary>
public enum TrialState { Pending, Running, Complete, Pruned, Diverged, Failed, Interrupted }

public static class TrialStates
{
    /// <summary>States a trial never leaves. Interrupted is not final: a resume re-runs it.</summary>
    public static bool IsFinished(this TrialState s) =>
        s is TrialState.Complete or TrialState.Pruned or TrialState.Diverged or TrialState.Failed;

    /// <summary>The state as users read and type it: lower case (pending, running, complete, ...).</summary>
    public static string Name(this TrialState s) => s.ToString().ToLowerInvariant();

    /// <summary>Every state's <see cref="Name"/>, in the states' order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<TrialState>().Select(Name)];

    /// <summary>The state named <paramref name="text"/> (any case, surrounding space ignored), or null.</summary>
    public static TrialState? Parse(string? text) =>
        Enum.GetValues<TrialState>().Cast<TrialState?>().FirstOrDefault(s => s!.Value.Name() == text?.Trim().ToLowerInvariant());
}
