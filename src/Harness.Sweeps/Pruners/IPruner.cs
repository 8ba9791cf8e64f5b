using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// Decides after each epoch whether a trial should stop early as pruned. Sees the trial's epoch history so far
/// and snapshots of the experiment's other trials (as they were when the trial started), never the store.
/// </summary>
public interface IPruner
{
    bool ShouldPrune(TrialSnapshot trial, IReadOnlyList<EpochMetrics> history, IReadOnlyList<TrialSnapshot> others);
}
