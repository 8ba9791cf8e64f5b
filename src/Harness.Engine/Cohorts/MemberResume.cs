namespace Harness.Engine;

/// <summary>
/// Where a member goes on from: its engine state at a checkpoint (<see cref="ICheckpointCohort.Checkpoint"/>) and
/// the epoch rows it had reported up to then, one per epoch the state has run.
/// </summary>
public sealed record MemberResume(byte[] State, IReadOnlyList<EpochMetrics> History);
