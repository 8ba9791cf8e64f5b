using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Runs an experiment's trials against a store, crash-safely and resumably:
/// <list type="number">
/// <item>open the experiment version (a changed spec under an existing name is refused unless NewVersion);</item>
/// <item>re-queue trials left running by a dead process (<see cref="IExperimentStore.RequeueStale"/>);</item>
/// <item>plan the trials (stable keys) and insert the missing ones (<see cref="IExperimentStore.EnsureTrials"/>);</item>
/// <item>for every trial not finished, in order: claim it (another process may have), train it through the
/// executor with a heartbeat timer, write epoch rows in batches as epochs finish, and end it in one
/// <see cref="IExperimentStore.Finish"/> call (state, metrics, model);</item>
/// <item>re-plan with snapshots of the finished trials; stop when the sampler proposes nothing new.</item>
/// </list>
/// Diverged, failed and pruned trials end in those states and the sweep goes on. Cancellation marks the
/// trials in flight interrupted (a resume re-runs them) and returns promptly.
/// </summary>
public sealed class SweepRunner
{
    private readonly IExperimentStore _store;
    private readonly ITrialExecutor _executor;
    private readonly SweepOptions _options;
    private int _failedHere;

    public SweepRunner(IExperimentStore store, ITrialExecutor executor, SweepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(executor);
        _store = store;
        _executor = executor;
        _options = options ?? new SweepOptions();
        if (_options.Parallel < 1) throw new ArgumentException($"parallel: {_options.Parallel} must be >= 1");
    }

    /// <summary>Runs <paramref name="spec"/>; see the class summary. Throws <see cref="SpecChangedException"/> for a changed spec.</summary>
    public SweepSummary Run(ExperimentSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _failedHere = 0;
        var observer = _options.Observer;
        var engine = EngineChoice.Resolve(spec.Engine, observer.Message);
        var experiment = _store.OpenExperiment(spec.Name, spec.ToJson(), spec.Hash(), _options.NewVersion);
        int requeued = _store.RequeueStale(_options.StaleGrace);
        if (requeued > 0) observer.Message($"re-queued {requeued} trial(s) left running by a process that is gone");

        var sampler = spec.CreateSampler();
        var pruner = _options.Pruner ?? spec.CreatePruner();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        int ranHere = 0, planned = 0;
        bool first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var existing = _store.GetTrials(spec.Name, experiment.Version);
            var configs = sampler.Plan([.. existing.Select(TrialSnapshot.From)]);
            var plannedTrials = TrialPlanner.Plan(spec, experiment.Version, configs);
            int before = seenKeys.Count;
            foreach (var t in plannedTrials) seenKeys.Add(t.Key);
            if (!first && seenKeys.Count == before) break;
            var trials = _store.EnsureTrials(spec.Name, experiment.Version, plannedTrials);
            planned = trials.Count;
            if (first) observer.SweepStarted(experiment, trials.Count, trials.Count(t => t.State.IsFinished()));
            first = false;
            var queue = new ConcurrentQueue<TrialRecord>(trials.Where(t => !t.State.IsFinished()).OrderBy(t => t.Number));
            int ran = 0;
            void Work()
            {
                while (!cancellationToken.IsCancellationRequested && queue.TryDequeue(out var trial))
                    if (RunTrial(spec, experiment.Version, trial, engine, pruner, cancellationToken)) Interlocked.Increment(ref ran);
            }
            if (_options.Parallel == 1) Work();
            else
            {
                var threads = Enumerable.Range(0, _options.Parallel)
                    .Select(i => new Thread(Work) { IsBackground = true, Name = $"sweep-worker-{i}" }).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
            }
            ranHere += ran;
        }

        var states = _store.GetTrials(spec.Name, experiment.Version)
            .GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        return new SweepSummary(experiment, planned, ranHere, states, cancellationToken.IsCancellationRequested, _failedHere);
    }

    /// <summary>Claims and trains one trial; false when another process had it.</summary>
    private bool RunTrial(ExperimentSpec spec, int version, TrialRecord trial, string engine, IPruner pruner, CancellationToken ct)
    {
        if (!_store.TryClaim(trial.Id, engine, _options.Device, out var running)) return false;
        var others = Others(spec.Name, version, trial.Id, pruner);
        var observer = _options.Observer;
        observer.TrialStarted(running);
        long id = running.Id;
        var snapshot = TrialSnapshot.From(running);
        var history = new List<EpochMetrics>();
        var unsent = new List<EpochRecord>();
        var sinceFlush = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();

        void Flush()
        {
            if (unsent.Count == 0) return;
            _store.AppendEpochs([.. unsent]);
            unsent.Clear();
            sinceFlush.Restart();
        }

        bool OnEpoch(EpochMetrics m)
        {
            history.Add(m);
            unsent.Add(ToRecord(id, m));
            if (sinceFlush.Elapsed >= _options.EpochFlushInterval) Flush();
            observer.EpochFinished(running, m);
            return !pruner.ShouldPrune(snapshot, history, others);
        }

        TrialOutcome outcome;
        using (var heartbeat = new Timer(_ => Beat(id), null, _options.HeartbeatInterval, _options.HeartbeatInterval))
        {
            try
            {
                var config = TrialPlanner.Config(running);
                if (_options.Parallel > 1) config = config with { Threads = 1 };
                var result = _executor.Execute(new TrialRequest(config, OnEpoch, ct));
                // Rows the executor kept but did not report (a diverged epoch ends before OnEpoch).
                int reported = history.Count == 0 ? 0 : history[^1].Epoch;
                foreach (var m in result.History)
                    if (m.Epoch > reported) unsent.Add(ToRecord(id, m));
                Flush();
                outcome = Outcome(result);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                outcome = Interrupted(history, clock.Elapsed.TotalSeconds, unsent);
            }
            catch (Exception e)
            {
                TryFlush(unsent);
                outcome = new TrialOutcome
                {
                    State = TrialState.Failed, Seconds = clock.Elapsed.TotalSeconds, EpochsRun = history.Count,
                    Error = $"{e.GetType().Name}: {e.Message}",
                };
            }
            heartbeat.Dispose(); // no beat may land after Finish (it would be refused; Beat swallows that anyway)
        }
        _store.Finish(id, outcome);
        if (outcome.State == TrialState.Failed) Interlocked.Increment(ref _failedHere);
        observer.TrialFinished(running, outcome);
        return true;
    }

    /// <summary>
    /// What the pruner compares against, read when the trial starts: the version's finished trials with their
    /// validation curves (none for <see cref="NopPruner"/>, which looks at nothing).
    /// </summary>
    private IReadOnlyList<TrialSnapshot> Others(string experiment, int version, long self, IPruner pruner)
    {
        if (pruner is NopPruner) return [];
        return [.. _store.GetTrials(experiment, version)
            .Where(t => t.Id != self && t.State.IsFinished())
            .Select(t => TrialSnapshot.WithCurve(t, _store.GetEpochs(t.Id)))];
    }

    private TrialOutcome Interrupted(List<EpochMetrics> history, double seconds, List<EpochRecord> unsent)
    {
        TryFlush(unsent);
        return new TrialOutcome { State = TrialState.Interrupted, Seconds = seconds, EpochsRun = history.Count, Error = "interrupted" };
    }

    private void TryFlush(List<EpochRecord> unsent)
    {
        if (unsent.Count == 0) return;
        try { _store.AppendEpochs([.. unsent]); }
        catch (InvalidOperationException) { } // the trial is no longer ours; Finish will say so
        unsent.Clear();
    }

    private void Beat(long id)
    {
        try { _store.Heartbeat(id); }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException) { }
    }

    private static TrialOutcome Outcome(TrialExecution r)
    {
        var state = r.StopReason switch
        {
            StopReason.MaxEpochs or StopReason.EarlyStopped => TrialState.Complete,
            StopReason.Pruned => TrialState.Pruned,
            StopReason.Diverged => TrialState.Diverged,
            StopReason.Cancelled => TrialState.Interrupted,
            _ => TrialState.Failed,
        };
        EpochMetrics? best = r.BestEpoch >= 1 && r.BestEpoch <= r.History.Count ? r.History[r.BestEpoch - 1]
            : r.History.Count > 0 ? r.History[^1] : null;
        return new TrialOutcome
        {
            State = state,
            Seconds = r.Seconds,
            EpochsRun = r.History.Count,
            BestEpoch = r.BestEpoch >= 1 ? r.BestEpoch : null,
            ValidationAccuracy = Finite(best?.ValidationAccuracy),
            ValidationLoss = Finite(best?.ValidationLoss),
            TestAccuracy = state == TrialState.Interrupted ? null : Finite(r.TestAccuracy),
            TestLoss = state == TrialState.Interrupted ? null : Finite(r.TestLoss),
            Error = state switch
            {
                TrialState.Diverged => "diverged: the loss became NaN or infinite",
                TrialState.Interrupted => "interrupted",
                _ => null,
            },
            Model = state is TrialState.Complete or TrialState.Pruned ? r.Model : null,
        };
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static EpochRecord ToRecord(long trialId, EpochMetrics m) => new()
    {
        TrialId = trialId, Epoch = m.Epoch, TrainLoss = m.TrainLoss, TrainAccuracy = m.TrainAccuracy,
        ValidationLoss = m.ValidationLoss, ValidationAccuracy = m.ValidationAccuracy, LearningRate = m.LearningRate,
        Seconds = m.Seconds,
    };
}
