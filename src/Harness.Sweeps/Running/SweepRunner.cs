using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Engine;
using Harness.Engine.Cuda;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Runs an experiment's trials against a store, crash-safely and resumably:
/// <list type="number">
/// <item>open the experiment version (a changed spec under an existing name is refused unless NewVersion; more or
/// fewer trials or repeats is no change, see <see cref="ExperimentSpec.CanonicalJson"/> and <see cref="SpecHashes"/>);</item>
/// <item>re-queue trials left running by a dead process (<see cref="IExperimentStore.RequeueStale"/>);</item>
/// <item>plan the trials (stable keys) from a fresh read and insert the missing ones, in one atomic step under the
/// store's lock (<see cref="IExperimentStore.PlanTrials"/>);</item>
/// <item>group the unfinished ones into cohorts of compatible trials bound for one engine (<see cref="CohortPlanner"/>,
/// <see cref="ICohortExecutor.EngineFor"/>); for each: claim its members in one transaction (another process may hold
/// some), stored with that engine and device, train them together through the
/// executor under a <see cref="TrialLease"/> (heartbeat, epoch rows in batches), apply the pruner per member,
/// and end each member in its own <see cref="IExperimentStore.Finish"/> call as soon as it stops; on an engine that
/// resumes, store each member's checkpoint every <see cref="SweepOptions.CheckpointEvery"/>, and let a claimed trial that
/// has one go on from it;</item>
/// <item>re-plan with snapshots of the finished trials; stop when the sampler proposes nothing new.</item>
/// </list>
/// Diverged, failed and pruned trials end in those states and the sweep goes on. Cancellation marks the
/// trials in flight interrupted (a resume re-runs them) and returns promptly.
/// </summary>
public sealed class SweepRunner
{
    private readonly IExperimentStore _store;
    private readonly ICohortExecutor _executor;
    private readonly SweepOptions _options;
    private int _failedHere;

    public SweepRunner(IExperimentStore store, ICohortExecutor executor, SweepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(executor);
        _store = store;
        _executor = executor;
        _options = options ?? new SweepOptions();
        if (_options.Parallel is < 1) throw new ArgumentException($"parallel: {_options.Parallel} must be >= 1");
        if (_options.Cohort is < 1) throw new ArgumentException($"cohort: {_options.Cohort} must be >= 1");
    }

    /// <summary>Members per cohort: the option, else the engine's preference.</summary>
    public int CohortSize => CohortSizeFor(_options, _executor);

    /// <summary>Cohorts trained at once (at most): the option, else the engine's preference.</summary>
    public int Workers => WorkersFor(_options, _executor);

    /// <summary>Members per cohort that <paramref name="options"/> give on <paramref name="executor"/>.</summary>
    public static int CohortSizeFor(SweepOptions options, ICohortExecutor executor) =>
        options.Cohort ?? Math.Max(1, executor.PreferredCohortSize);

    /// <summary>Cohorts trained at once (at most) that <paramref name="options"/> give on <paramref name="executor"/>.</summary>
    public static int WorkersFor(SweepOptions options, ICohortExecutor executor) =>
        options.Parallel ?? Math.Max(1, executor.PreferredParallel);

    /// <summary>
    /// Configurations TPE proposes together: enough to fill the workers the user asked for (<c>--parallel</c> times
    /// the cohort size). An engine's own preference for several workers does not enlarge TPE's batches: it trains
    /// the cohorts of each batch side by side (a search over many architectures makes many small cohorts).
    /// </summary>
    public int ProposalBatch => (_options.Parallel ?? 1) * CohortSize;

    /// <summary>Runs <paramref name="spec"/>; see the class summary. Throws <see cref="SpecChangedException"/> for a changed spec.</summary>
    public SweepSummary Run(ExperimentSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _failedHere = 0;
        var observer = _options.Observer;
        var experiment = _store.OpenExperiment(spec.Name, spec.ToJson(), SpecHashes.For(_store, spec), _options.NewVersion);
        int requeued = _store.RequeueStale(_options.StaleGrace);
        if (requeued > 0) observer.Message($"re-queued {requeued} trial(s) left running by a process that is gone");

        var sampler = spec.CreateSampler(ProposalBatch);
        var pruner = _options.Pruner ?? spec.CreatePruner();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var told = new HashSet<string>(StringComparer.Ordinal); // reasons for routing trials off the GPU, said once
        int ranHere = 0, planned = 0;
        bool first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read, plan and insert as one step under the store's lock: workers sharing the store never plan one
            // trial number twice or plan past the trial count from a stale view of the history.
            IReadOnlyList<TrialRecord> plannedTrials = [];
            var trials = _store.PlanTrials(spec.Name, experiment.Version, existing =>
                plannedTrials = TrialPlanner.Plan(spec, experiment.Version, sampler.Plan([.. existing.Select(TrialSnapshot.From)]), existing));
            int before = seenKeys.Count;
            foreach (var t in plannedTrials) seenKeys.Add(t.Key);
            if (!first && seenKeys.Count == before) break;
            planned = trials.Count;
            if (first) // TPE plans its startup trials first: the total is the trial count it grows to
                observer.SweepStarted(experiment, Math.Max(trials.Count, (spec.Search.Trials ?? 0) * spec.Repeats), trials.Count(t => t.State.IsFinished()));
            first = false;
            var queue = new ConcurrentQueue<IReadOnlyList<TrialRecord>>(
                Cohorts(trials.Where(t => !t.State.IsFinished() && seenKeys.Contains(t.Key)), told)); // lowered trials/repeats: unplanned stay as they are
            int ran = 0, workers = Math.Min(Workers, queue.Count); // no idle threads for a short queue
            Exception? error = null; // a store failure (disk full, ...) ends every worker and reaches the caller
            void Work()
            {
                try
                {
                    while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref error) is null && queue.TryDequeue(out var cohort))
                        Interlocked.Add(ref ran, RunCohort(spec, experiment.Version, cohort, pruner, workers, cancellationToken));
                }
                catch (Exception e) { Interlocked.CompareExchange(ref error, e, null); }
            }
            if (workers <= 1) Work();
            else
            {
                var threads = Enumerable.Range(0, workers)
                    .Select(i => new Thread(Work) { IsBackground = true, Name = $"sweep-worker-{i}" }).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
            }
            if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            ranHere += ran;
        }

        var states = _store.GetTrials(spec.Name, experiment.Version)
            .GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        return new SweepSummary(experiment, planned, ranHere, states, cancellationToken.IsCancellationRequested, _failedHere);
    }

    /// <summary>
    /// The cohorts of <paramref name="open"/>: compatible trials bound for one engine (<see cref="ICohortExecutor.EngineFor"/>),
    /// at most the option's or that engine's cohort size each. Says once per reason not in <paramref name="told"/>
    /// how many of the trials not running elsewhere go to another engine than the GPU, and why
    /// (<c>engine: auto -> cpu for 4 trials (...)</c>).
    /// </summary>
    private IReadOnlyList<IReadOnlyList<TrialRecord>> Cohorts(IEnumerable<TrialRecord> open, HashSet<string> told)
    {
        var trials = open.ToList();
        var cohorts = CohortPlanner.Group(trials, config =>
        {
            var engine = _executor.EngineFor([config]);
            return (engine.Name, _options.Cohort ?? Math.Max(1, engine.PreferredCohortSize));
        });
        var routed = trials.Where(t => t.State != TrialState.Running)
            .Select(t => _executor.EngineFor([TrialPlanner.Config(t)]))
            .Where(e => e.RoutedBecause is not null)
            .GroupBy(e => (e.Name, Why: e.RoutedBecause!));
        foreach (var r in routed)
            if (told.Add(r.Key.Why)) _options.Observer.Message(RoutingEngine.RoutedLine(r.Key.Name, r.Count(), r.Key.Why));
        return cohorts;
    }

    /// <summary>
    /// Claims what it can of one cohort, stored with the engine that trains it, and trains it; returns how many
    /// trials it ran. The cohort's trials all go to one engine, so the part claimed goes there too.
    /// </summary>
    private int RunCohort(ExperimentSpec spec, int version, IReadOnlyList<TrialRecord> cohort, IPruner pruner, int workers, CancellationToken ct)
    {
        var engine = _executor.EngineFor([.. cohort.Select(t => TrialPlanner.Config(t))]);
        using var lease = TrialLease.Claim(_store, [.. cohort.Select(t => t.Id)], engine.Name, engine.Device,
            _options.HeartbeatInterval, _options.EpochFlushInterval, resume: engine.Resumes);
        var members = lease.Trials;
        if (members.Count == 0) return 0;
        var others = Others(spec.Name, version, pruner);
        var runs = members.Select(t => new MemberRun(t, others)).ToArray(); // members are running, never among the finished others
        var resume = engine.Resumes ? runs.Select(Resume).ToArray() : null;
        var observer = _options.Observer;
        foreach (var run in runs)
        {
            observer.TrialStarted(run.Trial);
            if (run.History.Count > 0) observer.Message($"trial {run.Trial.Number} goes on from its checkpoint after epoch {run.History.Count}");
        }
        var clock = Stopwatch.StartNew();

        bool OnEpoch(int m, EpochMetrics row)
        {
            var run = runs[m];
            run.History.Add(row);
            lease.AddEpoch(ToRecord(run.Trial.Id, row));
            observer.EpochFinished(run.Trial, row);
            // A trial at its last epoch has nothing left to save: it completes, whatever its rung says.
            return run.History.Count >= run.Epochs || !pruner.ShouldPrune(run.Snapshot, run.History, run.Others);
        }

        void End(int m, TrialOutcome outcome)
        {
            var run = runs[m];
            lease.Finish(run.Trial.Id, outcome);
            run.Finished = true;
            if (outcome.State == TrialState.Failed) Interlocked.Increment(ref _failedHere);
            observer.TrialFinished(run.Trial, outcome);
        }

        void EndUnfinished(TrialState state, string error)
        {
            for (int m = 0; m < runs.Length; m++)
                if (!runs[m].Finished)
                    End(m, new TrialOutcome { State = state, Seconds = clock.Elapsed.TotalSeconds, EpochsRun = runs[m].History.Count, Error = error });
        }

        void OnFinished(int m, TrialExecution result)
        {
            // Rows the executor kept but did not report (a diverged epoch ends before OnEpoch).
            int reported = runs[m].History.Count == 0 ? 0 : runs[m].History[^1].Epoch;
            foreach (var row in result.History)
                if (row.Epoch > reported) lease.AddEpoch(ToRecord(runs[m].Trial.Id, row));
            End(m, Outcome(result));
        }

        try
        {
            var configs = members.Select(t => TrialPlanner.Config(t)).Select(c => workers > 1 ? c with { Threads = 1 } : c).ToList();
            _executor.Execute(new CohortRequest(configs, OnEpoch, OnFinished, ct, resume,
                (m, epoch, state) => lease.SaveCheckpoint(runs[m].Trial.Id, epoch, state), _options.CheckpointEvery));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            EndUnfinished(TrialState.Interrupted, "interrupted");
        }
        catch (Exception e) when (_executor.Lost(e))
        {
            // Not the trials' fault, and every cohort after would fail the same way: stop, leave them to a rerun.
            var lost = new EngineLostException(engine.Name, e);
            EndUnfinished(TrialState.Interrupted, $"engine lost: {lost.Fault}");
            throw lost;
        }
        catch (Exception e)
        {
            EndUnfinished(TrialState.Failed, $"{e.GetType().Name}: {e.Message}");
        }
        return members.Count;
    }

    /// <summary>
    /// Where a claimed trial goes on from: its checkpoint, with the epoch rows up to it (the claim kept them) also put
    /// in <paramref name="run"/>'s history, for the pruner; null for a trial without one.
    /// </summary>
    private MemberResume? Resume(MemberRun run)
    {
        if (_store.LoadCheckpoint(run.Trial.Id) is not { } checkpoint) return null;
        var rows = _store.GetEpochs(run.Trial.Id).Select(ToMetrics).ToList();
        run.History.AddRange(rows);
        return new MemberResume(checkpoint.State, rows);
    }

    /// <summary>One claimed trial while its cohort trains.</summary>
    private sealed class MemberRun(TrialRecord trial, IReadOnlyList<TrialSnapshot> others)
    {
        public TrialRecord Trial { get; } = trial;
        public TrialSnapshot Snapshot { get; } = TrialSnapshot.From(trial);
        public IReadOnlyList<TrialSnapshot> Others { get; } = others;
        public List<EpochMetrics> History { get; } = [];
        public int Epochs { get; } = TrialPlanner.Config(trial).Epochs;
        public bool Finished { get; set; }
    }

    /// <summary>
    /// What the pruner compares against, read when the cohort starts: the version's finished trials with their
    /// validation curves (none for <see cref="NopPruner"/>, which looks at nothing).
    /// </summary>
    private IReadOnlyList<TrialSnapshot> Others(string experiment, int version, IPruner pruner)
    {
        if (pruner is NopPruner) return [];
        return [.. _store.GetTrials(experiment, version)
            .Where(t => t.State.IsFinished())
            .Select(t => TrialSnapshot.WithCurve(t, _store.GetEpochs(t.Id)))];
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
                TrialState.Diverged => r.Divergence ?? "diverged: the loss became NaN or infinite",
                TrialState.Interrupted => "interrupted",
                _ => null,
            },
            Model = state is TrialState.Complete or TrialState.Pruned ? r.Model : null,
        };
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static EpochMetrics ToMetrics(EpochRecord e) =>
        new(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate, e.Seconds);

    private static EpochRecord ToRecord(long trialId, EpochMetrics m) => new()
    {
        TrialId = trialId,
        Epoch = m.Epoch,
        TrainLoss = m.TrainLoss,
        TrainAccuracy = m.TrainAccuracy,
        ValidationLoss = m.ValidationLoss,
        ValidationAccuracy = m.ValidationAccuracy,
        LearningRate = m.LearningRate,
        Seconds = m.Seconds,
    };
}
