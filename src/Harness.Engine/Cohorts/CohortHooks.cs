namespace Harness.Engine;

/// <summary>Per-member hooks of <see cref="CohortTrainer.Train"/>; the int is the member's index.</summary>
public sealed record CohortHooks
{
    /// <summary>Called after each of a member's epochs with its row; return false to stop it (it ends as <see cref="StopReason.Pruned"/>).</summary>
    public Func<int, EpochMetrics, bool>? OnEpoch { get; init; }
    /// <summary>Called once per member as soon as it stops, with its result, while the others may go on.</summary>
    public Action<int, TrainResult>? OnFinished { get; init; }
    /// <summary>Receives progress lines (one per member and epoch).</summary>
    public Action<int, string>? Log { get; init; }
}
