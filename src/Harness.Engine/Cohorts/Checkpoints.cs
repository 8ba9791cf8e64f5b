using System.Diagnostics;

namespace Harness.Engine;

/// <summary>
/// When <see cref="CohortTrainer"/> takes each member's checkpoints: after an epoch that leaves the member training,
/// once its last checkpoint (or the start of training) is at least <see cref="CohortHooks.CheckpointEvery"/> ago.
/// </summary>
internal sealed class Checkpoints
{
    private readonly ICheckpointCohort _cohort;
    private readonly Action<int, int, byte[]> _onCheckpoint;
    private readonly TimeSpan _every;
    private readonly Stopwatch[] _since;
    private readonly int[] _taken;

    private Checkpoints(ICheckpointCohort cohort, Action<int, int, byte[]> onCheckpoint, TimeSpan every)
    {
        _cohort = cohort;
        _onCheckpoint = onCheckpoint;
        _every = every;
        _since = [.. Enumerable.Range(0, cohort.Count).Select(_ => Stopwatch.StartNew())];
        _taken = new int[cohort.Count];
    }

    /// <summary>The checkpoints <paramref name="hooks"/> ask for, or null when they ask for none or the cohort cannot take them.</summary>
    public static Checkpoints? For(ICohort cohort, CohortHooks hooks) =>
        cohort is ICheckpointCohort resumable && hooks.OnCheckpoint is { } on && hooks.CheckpointEvery is { } every && every > TimeSpan.Zero
            ? new Checkpoints(resumable, on, every)
            : null;

    /// <summary>After an epoch: checkpoints each member still training that is due; <paramref name="epochs"/>[m] is member m's epochs run.</summary>
    public void Take(IReadOnlyList<int> epochs)
    {
        for (int m = 0; m < _since.Length; m++)
        {
            if (!_cohort.IsActive(m) || epochs[m] <= _taken[m] || _since[m].Elapsed < _every) continue;
            _onCheckpoint(m, epochs[m], _cohort.Checkpoint(m));
            _taken[m] = epochs[m];
            _since[m].Restart();
        }
    }
}
