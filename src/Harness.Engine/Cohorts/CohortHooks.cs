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
    /// <summary>
    /// Called with a member's checkpoint (its epochs run, and its state from <see cref="ICheckpointCohort.Checkpoint"/>)
    /// after an epoch that leaves it training, when its last checkpoint (or its start) is at least
    /// <see cref="CheckpointEvery"/> ago; and when the training is cancelled, before the members end, with each one's state
    /// after its last whole epoch where that is newer than its last checkpoint. Never called for a cohort that is not an
    /// <see cref="ICheckpointCohort"/>.
    /// </summary>
    public Action<int, int, byte[]>? OnCheckpoint { get; init; }
    /// <summary>How far apart a member's checkpoints are, at least; null or not positive: none.</summary>
    public TimeSpan? CheckpointEvery { get; init; }
}
