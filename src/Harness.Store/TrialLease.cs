using System.Diagnostics;

namespace Harness.Store;

/// <summary>
/// The lifecycle of trials this process trains, shared by the sweep runner and the baselines: claim them in one
/// transaction (<see cref="Claim"/>), keep them alive with a heartbeat while they train, write their epoch rows
/// in batches (at most <c>flushInterval</c> apart, and always before a trial ends), and end each one on its own
/// (<see cref="Finish"/>: one transaction per trial). Disposing stops the heartbeat; trials not finished by then
/// stay running in the store until a later run re-queues them (as after a crash).
/// </summary>
public sealed class TrialLease : IDisposable
{
    private readonly IExperimentStore _store;
    private readonly TimeSpan _flushInterval;
    private readonly HashSet<long> _live;
    private readonly List<EpochRecord> _unsent = [];
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private readonly Timer _heartbeat;
    private readonly object _gate = new();

    private TrialLease(IExperimentStore store, IReadOnlyList<TrialRecord> trials, TimeSpan heartbeat, TimeSpan flushInterval)
    {
        _store = store;
        _flushInterval = flushInterval;
        Trials = trials;
        _live = [.. trials.Select(t => t.Id)];
        _heartbeat = new Timer(_ => Beat(), null, heartbeat, heartbeat);
    }

    /// <summary>The trials claimed, running, in the order asked for (those another process had are left out).</summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>
    /// Claims what it can of <paramref name="trialIds"/> (see <see cref="IExperimentStore.ClaimAll"/>; with
    /// <paramref name="resume"/>, trials keep their checkpoints) and starts the heartbeat.
    /// </summary>
    public static TrialLease Claim(IExperimentStore store, IReadOnlyList<long> trialIds, string engine, string device,
        TimeSpan heartbeat, TimeSpan flushInterval, bool resume = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new TrialLease(store, store.ClaimAll(trialIds, engine, device, resume), heartbeat, flushInterval);
    }

    /// <summary>Queues one epoch row; writes the queue when the last write is older than the flush interval.</summary>
    public void AddEpoch(EpochRecord epoch)
    {
        lock (_gate)
        {
            _unsent.Add(epoch);
            if (_sinceFlush.Elapsed >= _flushInterval) FlushLocked();
        }
    }

    /// <summary>Writes every queued row now.</summary>
    public void Flush()
    {
        lock (_gate) FlushLocked();
    }

    /// <summary>
    /// Stores a trial's checkpoint after <paramref name="epoch"/> epochs (<see cref="IExperimentStore.SaveCheckpoint"/>),
    /// its queued rows written first.
    /// </summary>
    public void SaveCheckpoint(long trialId, int epoch, byte[] state)
    {
        lock (_gate)
        {
            FlushLocked();
            _store.SaveCheckpoint(trialId, epoch, state);
        }
    }

    /// <summary>
    /// Ends a trial: writes its queued rows (for a failed or interrupted trial a refused write is ignored: the
    /// finish says why), stops its heartbeat and writes its outcome in one transaction.
    /// </summary>
    public void Finish(long trialId, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            var mine = _unsent.Where(e => e.TrialId == trialId).ToList();
            _unsent.RemoveAll(e => e.TrialId == trialId);
            if (mine.Count > 0)
            {
                try { _store.AppendEpochs(mine); }
                catch (InvalidOperationException) when (outcome.State is TrialState.Failed or TrialState.Interrupted) { }
            }
            _live.Remove(trialId);
        }
        _store.Finish(trialId, outcome);
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        lock (_gate) _live.Clear();
    }

    private void FlushLocked()
    {
        if (_unsent.Count == 0) return;
        _store.AppendEpochs([.. _unsent]);
        _unsent.Clear();
        _sinceFlush.Restart();
    }

    private void Beat()
    {
        long[] ids;
        lock (_gate) ids = [.. _live];
        foreach (var id in ids)
        {
            // A heartbeat that fails (trial re-queued, store closed, server unreachable past its retries, an error
            // the database answers, e.g. a schema dropped while a beat was in flight) must not end the process from a
            // timer thread; the next epoch write or the finish reports the problem.
            try { _store.Heartbeat(id); }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException or System.Data.Common.DbException) { }
        }
    }
}
