using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

public sealed class SweepRunnerTests
{
    /// <summary>XOR, base epochs 3, searching the learning rates (which steer <see cref="FakeExecutor"/>).</summary>
    private static ExperimentSpec Spec(string lrs, int repeats = 1) =>
        Specs.Parse(Specs.Xor($$$"""{"space": {"learning_rate": [{{{lrs}}}]}}""", repeats: repeats));

    private static TrialRecord Trial(IExperimentStore store, double lr, int repeat = 0) =>
        store.GetTrials("t").Single(t => t.Params["learning_rate"] == lr.ToString(System.Globalization.CultureInfo.InvariantCulture) && t.Repeat == repeat);

    /// <summary>Prunes at epoch 2 any trial whose learning rate is 0.6.</summary>
    private sealed class PruneLr06 : IPruner
    {
        public bool ShouldPrune(TrialSnapshot trial, IReadOnlyList<EpochMetrics> history, IReadOnlyList<TrialSnapshot> others) =>
            trial.Params["learning_rate"] == "0.6" && history.Count == 2;
    }

    [Fact]
    public void Every_terminal_state_is_reached_with_the_right_store_contents()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var runner = new SweepRunner(store, new FakeExecutor(), new SweepOptions { Pruner = new PruneLr06() });
        var summary = runner.Run(Spec("0.1, 0.3, 0.4, 0.6"), TestContext.Current.CancellationToken);
        Assert.False(summary.Interrupted);
        Assert.Equal(4, summary.RanHere);

        var complete = Trial(store, 0.1);
        Assert.Equal(TrialState.Complete, complete.State);
        Assert.Equal(3, complete.EpochsRun);
        Assert.Equal(3, complete.BestEpoch);
        Assert.Equal(0.103, complete.ValidationAccuracy!.Value, 9);
        Assert.Equal(0.1, complete.TestAccuracy);
        Assert.Equal([1, 2, 3], store.LoadModel(complete.Id));
        Assert.Equal([1, 2, 3], store.GetEpochs(complete.Id).Select(e => e.Epoch));
        Assert.Equal("cpu", complete.Engine);

        var failed = Trial(store, 0.3);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("boom at lr 0.3", failed.Error);
        Assert.Null(store.LoadModel(failed.Id));

        var diverged = Trial(store, 0.4);
        Assert.Equal(TrialState.Diverged, diverged.State);
        Assert.Equal([1, 2], store.GetEpochs(diverged.Id).Select(e => e.Epoch)); // the NaN epoch is kept
        Assert.Null(store.LoadModel(diverged.Id));

        var pruned = Trial(store, 0.6);
        Assert.Equal(TrialState.Pruned, pruned.State);
        Assert.Equal(2, pruned.EpochsRun);
        Assert.Equal([1, 2], store.GetEpochs(pruned.Id).Select(e => e.Epoch));
        Assert.Equal(1, summary.Count(TrialState.Complete));
        Assert.Equal(1, summary.Count(TrialState.Failed));
        Assert.Equal(1, summary.FailedHere);
    }

    [Fact]
    public void A_retried_failed_trial_is_trained_again_by_the_next_run_and_nothing_else_is()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Spec("0.1, 0.3");
        new SweepRunner(store, new FakeExecutor()).Run(spec, TestContext.Current.CancellationToken);
        var complete = Trial(store, 0.1);
        var failed = Trial(store, 0.3);
        Assert.Equal(TrialState.Failed, failed.State);

        Assert.Equal([failed.Id], store.RetryFailed("t", 1).Select(t => t.Id));
        var again = new FakeExecutor();
        var summary = new SweepRunner(store, again).Run(spec, TestContext.Current.CancellationToken);

        Assert.Equal(0.3, Assert.Single(again.Ran).LearningRate); // the fake fails it once more
        Assert.Equal(1, summary.RanHere);
        Assert.Equal(TrialState.Failed, Trial(store, 0.3).State);
        var untouched = Trial(store, 0.1);
        Assert.Equal((complete.State, complete.StartedUtc, complete.FinishedUtc, complete.TestAccuracy), (untouched.State, untouched.StartedUtc, untouched.FinishedUtc, untouched.TestAccuracy));
    }

    [Fact]
    public void Cancellation_marks_the_trial_interrupted_and_a_resume_reruns_only_unfinished_trials()
    {
        using var store = LiteDbExperimentStore.InMemory();
        using var cts = new CancellationTokenSource();
        var spec = Spec("0.1, 0.5, 0.7");
        var first = new FakeExecutor(cts);
        var summary = new SweepRunner(store, first).Run(spec, cts.Token);
        Assert.True(summary.Interrupted);
        Assert.Equal(TrialState.Complete, Trial(store, 0.1).State);
        var interrupted = Trial(store, 0.5);
        Assert.Equal(TrialState.Interrupted, interrupted.State);
        Assert.Equal([1], store.GetEpochs(interrupted.Id).Select(e => e.Epoch));
        Assert.Equal(TrialState.Pending, Trial(store, 0.7).State);
        Assert.Equal(2, first.Ran.Count);

        // Resume: 0.5 would cancel again, so give the resumed run no token to cancel.
        var second = new FakeExecutor();
        var resumed = new SweepRunner(store, second).Run(spec, TestContext.Current.CancellationToken);
        Assert.False(resumed.Interrupted);
        Assert.Equal([0.5, 0.7], second.Ran.Select(c => c.LearningRate).Order());
        Assert.All(store.GetTrials("t"), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal([1, 2, 3], store.GetEpochs(Trial(store, 0.5).Id).Select(e => e.Epoch));

        // Nothing left: a third run trains nothing.
        var third = new FakeExecutor();
        Assert.Equal(0, new SweepRunner(store, third).Run(spec, TestContext.Current.CancellationToken).RanHere);
        Assert.Empty(third.Ran);
    }

    [Fact]
    public void A_trial_left_running_by_a_dead_process_is_requeued_and_rerun()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Spec("0.1, 0.2");
        var exp = store.OpenExperiment(spec.Name, spec.ToJson(), spec.Hash(), newVersion: false);
        var trials = store.EnsureTrials("t", exp.Version, TrialPlanner.Plan(spec, exp.Version, spec.CreateSampler().Plan([])));
        Assert.True(store.TryClaim(trials[0].Id, "cpu", "cpu", out _)); // "crashed" with its heartbeat never refreshed
        Thread.Sleep(30);
        var executor = new FakeExecutor();
        new SweepRunner(store, executor, new SweepOptions { StaleGrace = TimeSpan.FromMilliseconds(10) }).Run(spec, TestContext.Current.CancellationToken);
        Assert.Equal(2, executor.Ran.Count);
        Assert.All(store.GetTrials("t"), t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Changed_spec_is_refused_and_new_version_is_accepted()
    {
        using var store = LiteDbExperimentStore.InMemory();
        new SweepRunner(store, new FakeExecutor()).Run(Spec("0.1"), TestContext.Current.CancellationToken);
        var changed = Spec("0.1, 0.2");
        Assert.Throws<SpecChangedException>(() => new SweepRunner(store, new FakeExecutor()).Run(changed, TestContext.Current.CancellationToken));
        var summary = new SweepRunner(store, new FakeExecutor(), new SweepOptions { NewVersion = true }).Run(changed, TestContext.Current.CancellationToken);
        Assert.Equal(2, summary.Experiment.Version);
        Assert.Equal(2, store.GetTrials("t").Count);
        Assert.Single(store.GetTrials("t", 1));
    }

    [Fact]
    public void An_engine_that_prefers_several_workers_trains_cohorts_side_by_side_unless_told_one()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new FakeExecutor(preferredParallel: 3, gather: 3);
        var runner = new SweepRunner(store, executor);
        Assert.Equal((3, 1), (runner.Workers, runner.ProposalBatch)); // the engine's workers do not enlarge TPE's batches
        var summary = runner.Run(Spec("0.1, 0.2, 0.6, 0.7, 0.8"), TestContext.Current.CancellationToken);
        Assert.Equal(5, summary.Count(TrialState.Complete));
        Assert.Equal(3, executor.MaxInFlight);
        Assert.All(executor.Ran, c => Assert.Equal(1, c.Threads));

        using var alone = LiteDbExperimentStore.InMemory();
        var one = new FakeExecutor(preferredParallel: 3);
        var told = new SweepRunner(alone, one, new SweepOptions { Parallel = 1 });
        Assert.Equal((1, 1), (told.Workers, told.ProposalBatch));
        Assert.Equal(5, told.Run(Spec("0.1, 0.2, 0.6, 0.7, 0.8"), TestContext.Current.CancellationToken).Count(TrialState.Complete));
        Assert.Equal(1, one.MaxInFlight);
        Assert.All(one.Ran, c => Assert.Equal(0, c.Threads)); // one cohort at a time keeps the engine's own threads
    }

    [Fact]
    public void Workers_never_outnumber_the_cohorts_to_train()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new FakeExecutor(preferredParallel: 4);
        new SweepRunner(store, executor).Run(Spec("0.1"), TestContext.Current.CancellationToken);
        Assert.Equal(1, executor.MaxInFlight);
        Assert.Equal(0, Assert.Single(executor.Ran).Threads); // alone, so it keeps the engine's threads
        Assert.Equal(2 * 5, new SweepRunner(store, executor, new SweepOptions { Parallel = 2, Cohort = 5 }).ProposalBatch);
    }

    [Fact]
    public void Parallel_runs_every_trial_once_with_one_engine_thread_each()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new FakeExecutor();
        var summary = new SweepRunner(store, executor, new SweepOptions { Parallel = 3 }).Run(Spec("0.1, 0.2, 0.6, 0.7, 0.8", repeats: 2), TestContext.Current.CancellationToken);
        Assert.Equal(10, summary.RanHere);
        Assert.Equal(10, executor.Ran.Count);
        Assert.All(executor.Ran, c => Assert.Equal(1, c.Threads));
        Assert.Equal(10, executor.Ran.Select(c => (c.LearningRate, c.Seed)).Distinct().Count());
        Assert.Equal(10, summary.Count(TrialState.Complete));
    }

    [Fact]
    public void Real_engine_trains_xor_trials_end_to_end()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = ExperimentFile.Parse("""
            {"name": "t", "dataset": {"name": "xor"},
             "base": {"hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 150, "init": "glorot_uniform"},
             "search": {"space": {"width": [4, 8]}}}
            """, "xor-test.json");
        var data = Harness.Data.DatasetCatalog.Load(spec.Dataset);
        var summary = new SweepRunner(store, new EngineCohortExecutor(new CpuEngine(), data)).Run(spec, TestContext.Current.CancellationToken);
        Assert.Equal(2, summary.Count(TrialState.Complete));
        foreach (var t in store.GetTrials("t"))
        {
            Assert.Equal(150, store.GetEpochs(t.Id).Count);
            Assert.NotNull(t.TestAccuracy);
            var model = Model.FromBytes(store.LoadModel(t.Id)!);
            Assert.Equal(t.Params["width"] == "4" ? 4 : 8, model.LayerSizes[1]);
        }
        Assert.Contains(store.GetTrials("t"), t => t.TestAccuracy == 1.0);
    }

    [Fact]
    public void Median_pruner_from_the_spec_sees_finished_trials_curves_and_prunes_a_weak_trial()
    {
        using var store = LiteDbExperimentStore.InMemory();
        // Val acc = lr + epoch/1000: 0.1 runs last and sits far below the median of the four finished peers.
        var spec = Specs.Parse(Specs.Xor("""{"pruner": "median", "space": {"learning_rate": [0.7, 0.8, 0.9, 0.6, 0.1]}}"""));
        var summary = new SweepRunner(store, new FakeExecutor()).Run(spec, TestContext.Current.CancellationToken);
        Assert.Equal(4, summary.Count(TrialState.Complete));
        var pruned = Trial(store, 0.1);
        Assert.Equal(TrialState.Pruned, pruned.State);
        Assert.Equal(1, pruned.EpochsRun);
        Assert.Equal(TrialState.Complete, Trial(store, 0.6).State); // only three peers when it ran
    }

    /// <summary>Trains nothing; waits, reading the trial's heartbeat from the store mid-run.</summary>
    private sealed class SlowExecutor(IExperimentStore store) : ICohortExecutor
    {
        public List<DateTime?> Beats { get; } = [];
        public string Engine => "cpu";
        public string Device => "slow";
        public int PreferredCohortSize => 1;

        public void Execute(CohortRequest request)
        {
            var id = store.GetTrials("t").Single(t => t.State == TrialState.Running).Id;
            // "Trains" until the heartbeat has moved (it beats every 20 ms; a loaded machine's thread pool may be slow
            // to run the timer, so up to 5 s).
            var clock = System.Diagnostics.Stopwatch.StartNew();
            do
            {
                Thread.Sleep(100);
                Beats.Add(store.GetTrial(id)!.HeartbeatUtc);
            }
            while ((Beats.Count < 4 || Beats[^1] == Beats[0]) && clock.Elapsed < TimeSpan.FromSeconds(5));
            request.OnFinished(0, new TrialExecution([], 0, StopReason.MaxEpochs, 0.4, null, null, null));
        }
    }

    [Fact]
    public void Heartbeat_advances_while_a_trial_trains()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new SlowExecutor(store);
        new SweepRunner(store, executor, new SweepOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(20) }).Run(Spec("0.1"), TestContext.Current.CancellationToken);
        Assert.All(executor.Beats, b => Assert.NotNull(b));
        Assert.True(executor.Beats[^1] > executor.Beats[0], string.Join(", ", executor.Beats));
    }

    [Fact]
    public void Real_engine_divergence_ends_the_trial_diverged_and_the_sweep_goes_on()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = ExperimentFile.Parse("""
            {"name": "t", "dataset": {"name": "moons", "samples": 200},
             "base": {"hidden": [8], "optimizer": "sgd", "batch_size": 0, "epochs": 30},
             "search": {"space": {"learning_rate": [1e30, 0.1]}}}
            """, "diverge.json");
        var summary = new SweepRunner(store, new EngineCohortExecutor(new CpuEngine(), Harness.Data.DatasetCatalog.Load(spec.Dataset))).Run(spec, TestContext.Current.CancellationToken);
        var trials = store.GetTrials("t");
        Assert.Equal(TrialState.Diverged, trials[0].State);
        Assert.StartsWith("diverged in epoch 1: ", trials[0].Error);
        Assert.Null(store.LoadModel(trials[0].Id));
        Assert.Equal(TrialState.Complete, trials[1].State);
        Assert.Equal(30, store.GetEpochs(trials[1].Id).Count);
        Assert.Equal(0, summary.FailedHere);
    }
}
