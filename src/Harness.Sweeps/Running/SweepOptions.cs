namespace Harness.Sweeps;

/// <summary>How a sweep runs (none of this changes a trial's result, so none of it is in the spec hash).</summary>
public sealed record SweepOptions
{
    /// <summary>
    /// Cohorts trained at once (threads); null = the engine's preference (<see cref="ICohortExecutor.PreferredParallel"/>).
    /// With more than one, each member's engine gets Threads = 1.
    /// </summary>
    public int? Parallel { get; init; }
    /// <summary>Most trials trained together as one cohort (compatible trials only, see <see cref="Engine.CohortKey"/>); null = the engine's preference.</summary>
    public int? Cohort { get; init; }
    /// <summary>Start a new version when the experiment exists with a different spec (else that is refused).</summary>
    public bool NewVersion { get; init; }
    /// <summary>How often a running trial's heartbeat is written.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A running trial whose heartbeat is older than this (or whose process on this host is gone) is re-queued at start.</summary>
    public TimeSpan StaleGrace { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Epoch rows are written in batches at most this far apart (and always when the trial ends).</summary>
    public TimeSpan EpochFlushInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>
    /// On an engine that resumes (the CPU's), how far apart a running trial's checkpoints are, at least: one is taken
    /// after the first epoch to end this long after the last (or the trial's start). Zero: none.
    /// </summary>
    public TimeSpan CheckpointEvery { get; init; } = DefaultCheckpointEvery;
    /// <summary>The default of <see cref="CheckpointEvery"/>.</summary>
    public static readonly TimeSpan DefaultCheckpointEvery = TimeSpan.FromSeconds(60);
    /// <summary>Overrides the pruner the spec names (tests, custom policies); null = the spec's.</summary>
    public IPruner? Pruner { get; init; }
    public ISweepObserver Observer { get; init; } = NullSweepObserver.Instance;
}
