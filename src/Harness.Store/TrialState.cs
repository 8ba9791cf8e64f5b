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
}
