using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// Trains a cohort of trials. The real implementation (<see cref="EngineCohortExecutor"/>) calls an engine;
/// tests pass a fake. An executor calls <see cref="CohortRequest.OnEpoch"/> after every epoch of every member
/// and stops that member (as pruned) when it returns false; calls <see cref="CohortRequest.OnFinished"/> once
/// per member, as soon as that member ends, while the others go on; and ends every member promptly (as
/// cancelled) when the token fires. An exception means the members not yet finished failed; the runner
/// records its message and goes on with the next cohort.
/// </summary>
public interface ICohortExecutor
{
    /// <summary>Engine name stored with each trial (<c>cpu</c>, <c>cuda</c>).</summary>
    string Engine { get; }
    /// <summary>The device in words, stored with each trial.</summary>
    string Device { get; }
    /// <summary>Members per cohort when the user does not say.</summary>
    int PreferredCohortSize { get; }
    /// <summary>Cohorts trained at once when the user does not say (<see cref="IEngine.PreferredParallel"/>).</summary>
    int PreferredParallel => 1;

    /// <summary>
    /// The engine that trains <paramref name="members"/> (configs sharing a <see cref="CohortKey"/>), stored with
    /// each of them when they are claimed. The default is this executor's one engine; an executor over
    /// <c>--engine auto</c>'s router names the engine each cohort goes to.
    /// </summary>
    CohortEngine EngineFor(IReadOnlyList<TrainConfig> members) => new(Engine, Device, PreferredCohortSize);

    void Execute(CohortRequest request);

    /// <summary>
    /// True when <paramref name="error"/>, thrown by <see cref="Execute"/>, means the engine can train nothing more in
    /// this process (a GPU fault that poisons its context): the sweep then stops and leaves its trials to a rerun,
    /// rather than failing every one after it.
    /// </summary>
    bool Lost(Exception error) => false;
}

/// <summary>
/// What to train (one config per member, sharing a <see cref="CohortKey"/>) and the hooks to report through. On an
/// engine that <see cref="CohortEngine.Resumes"/>: <paramref name="Resume"/> has, per member, the checkpoint it goes on
/// from (null: from its start), and <paramref name="OnCheckpoint"/> takes a member's checkpoint (member, epochs run,
/// state) at most every <paramref name="CheckpointEvery"/> (see <see cref="CohortHooks.OnCheckpoint"/>).
/// </summary>
public sealed record CohortRequest(
    IReadOnlyList<TrainConfig> Members,
    Func<int, EpochMetrics, bool> OnEpoch,
    Action<int, TrialExecution> OnFinished,
    CancellationToken CancellationToken,
    IReadOnlyList<MemberResume?>? Resume = null,
    Action<int, int, byte[]>? OnCheckpoint = null,
    TimeSpan? CheckpointEvery = null);

/// <summary>
/// The result of one trial. <paramref name="BestEpoch"/> is 1-based (0 = none); the test metrics are those of
/// the returned model (the best epoch's when early stopping restored it); <paramref name="Model"/> is its file bytes.
/// <paramref name="Divergence"/> says in which epoch and why a diverged trial diverged.
/// </summary>
public sealed record TrialExecution(
    IReadOnlyList<EpochMetrics> History,
    int BestEpoch,
    StopReason StopReason,
    double Seconds,
    double? TestAccuracy,
    double? TestLoss,
    byte[]? Model,
    string? Divergence = null);
