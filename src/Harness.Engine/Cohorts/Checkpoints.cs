using System.Diagnostics;

namespace Harness.Engine;

/// <summary>
/// When <see cref="CohortTrainer"/> takes each member's checkpoints: after an epoch that leaves the member training,
/// once its last checkpoint (or the start of training) is at least <see cref="CohortHooks.CheckpointEvery"/> ago; and
/// when the training is stopped (cancelled), once more with the member's state after its last whole epoch, so that a
/// stopped member loses only the epoch in progress. For that the state after each epoch that no checkpoint is due
/// on is written to a buffer of the member's own, reused from epoch to epoch, so it allocates nothing once the buffer
/// has grown.
/// </summary>
internal sealed class Checkpoints
{
    private readonly ICheckpointCohort _cohort;
    private readonly Action<int, int, byte[]> _onCheckpoint;
    private readonly TimeSpan _every;
    private readonly Stopwatch[] _since;
    private readonly int[] _taken;
    private readonly MemoryStream[] _latest;
    private readonly int[] _latestEpoch; // 0: no state waits in _latest

    private Checkpoints(ICheckpointCohort cohort, Action<int, int, byte[]> onCheckpoint, TimeSpan every)
    {
        _cohort = cohort;
        _onCheckpoint = onCheckpoint;
        _every = every;
        _since = [.. Enumerable.Range(0, cohort.Count).Select(_ => Stopwatch.StartNew())];
        _taken = new int[cohort.Count];
        _latest = [.. Enumerable.Range(0, cohort.Count).Select(_ => new MemoryStream())];
        _latestEpoch = new int[cohort.Count];
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
            _latestEpoch[m] = 0;
            if (!_cohort.IsActive(m) || epochs[m] <= _taken[m]) continue;
            var buffer = _latest[m];
            buffer.SetLength(0);
            _cohort.Checkpoint(m, buffer);
            if (_since[m].Elapsed < _every)
            {
                _latestEpoch[m] = epochs[m]; // kept for a stop before the next epoch ends
                continue;
            }
            _onCheckpoint(m, epochs[m], buffer.ToArray());
            _taken[m] = epochs[m];
            _since[m].Restart();
        }
    }

    /// <summary>
    /// When the training stops before the members end: each member still training whose state after its last whole
    /// epoch is newer than its last checkpoint gets that state as its checkpoint.
    /// </summary>
    public void Stop()
    {
        for (int m = 0; m < _latest.Length; m++)
        {
            if (!_cohort.IsActive(m) || _latestEpoch[m] == 0) continue;
            _onCheckpoint(m, _latestEpoch[m], _latest[m].ToArray());
            _taken[m] = _latestEpoch[m];
            _latestEpoch[m] = 0;
        }
    }
}
