using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>Never prunes: "no pruning" without a special case.</summary>
public sealed class NopPruner : IPruner
{
    public static NopPruner Instance { get; } = new();
    public bool ShouldPrune(TrialSnapshot trial, IReadOnlyList<EpochMetrics> history, IReadOnlyList<TrialSnapshot> others) => false;
}
