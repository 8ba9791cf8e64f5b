using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

/// <summary>The runner trains cohorts of compatible trials and still ends every trial on its own.</summary>
public sealed class SweepRunnerCohortTests
{
    /// <summary>XOR, base epochs 3, width x learning rate (widths 4 and 8 are two architectures).</summary>
    private static ExperimentSpec Spec(string lrs) =>
        Specs.Parse(Specs.Xor($$$"""{"space": {"width": [4, 8], "learning_rate": [{{{lrs}}}]}}"""));

    [Fact]
    public void Compatible_trials_train_together_up_to_the_cohort_size()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new FakeExecutor();
        var summary = new SweepRunner(store, executor, new SweepOptions { Cohort = 2 }).Run(Spec("0.1, 0.2, 0.6"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(6, summary.Count(TrialState.Complete));
        Assert.Equal([1, 1, 2, 2], executor.CohortSizes.Order()); // 3 trials of each width: 2 + 1, twice
        foreach (var t in store.GetTrials("t"))
        {
            Assert.Equal([1, 2, 3], store.GetEpochs(t.Id).Select(e => e.Epoch));
            Assert.Equal("cpu", t.Engine);
            Assert.Equal("fake", t.Device);
        }
    }

    [Fact]
    public void The_engine_preference_sets_the_cohort_size_unless_the_option_does()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new FakeExecutor(preferredCohort: 8);
        Assert.Equal(8, new SweepRunner(store, executor).CohortSize);
        Assert.Equal(3, new SweepRunner(store, executor, new SweepOptions { Cohort = 3 }).CohortSize);
        new SweepRunner(store, executor).Run(Spec("0.1, 0.2, 0.6"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([3, 3], executor.CohortSizes.Order());
        Assert.Throws<ArgumentException>(() => new SweepRunner(store, executor, new SweepOptions { Cohort = 0 }));
    }

    [Fact]
    public void Pruning_divergence_and_completion_are_decided_per_member()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var prune06 = new PruneAt2("0.6");
        new SweepRunner(store, new FakeExecutor(), new SweepOptions { Cohort = 3, Pruner = prune06 }).Run(Spec("0.1, 0.4, 0.6"), cancellationToken: TestContext.Current.CancellationToken);
        foreach (var t in store.GetTrials("t"))
        {
            var (state, epochs) = t.Params["learning_rate"] switch
            {
                "0.4" => (TrialState.Diverged, 2),
                "0.6" => (TrialState.Pruned, 2),
                _ => (TrialState.Complete, 3),
            };
            Assert.Equal(state, t.State);
            Assert.Equal(epochs, store.GetEpochs(t.Id).Count);
        }
    }

    [Fact]
    public void An_exception_fails_the_unfinished_members_of_its_cohort_only()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var summary = new SweepRunner(store, new FakeExecutor(), new SweepOptions { Cohort = 2 }).Run(
            Specs.Parse(Specs.Xor("""{"space": {"learning_rate": [0.1, 0.3, 0.2, 0.6]}}""")), cancellationToken: TestContext.Current.CancellationToken);
        var byLr = store.GetTrials("t").ToDictionary(t => t.Params["learning_rate"]);
        Assert.Equal(TrialState.Failed, byLr["0.1"].State);
        Assert.Contains("boom at lr 0.3", byLr["0.1"].Error);
        Assert.Equal(TrialState.Failed, byLr["0.3"].State);
        Assert.Equal(TrialState.Complete, byLr["0.2"].State);
        Assert.Equal(TrialState.Complete, byLr["0.6"].State);
        Assert.Equal(2, summary.FailedHere);
    }

    [Fact]
    public void Trials_another_process_holds_are_left_out_of_the_cohort()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Spec("0.1, 0.2");
        var exp = store.OpenExperiment(spec.Name, spec.ToJson(), spec.Hash(), newVersion: false);
        var trials = store.EnsureTrials("t", exp.Version, TrialPlanner.Plan(spec, exp.Version, spec.CreateSampler().Plan([])));
        Assert.True(store.TryClaim(trials[0].Id, "cpu", "elsewhere", out _)); // held (heartbeat fresh)
        var executor = new FakeExecutor();
        new SweepRunner(store, executor, new SweepOptions { Cohort = 4 }).Run(spec, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, executor.Ran.Count);
        Assert.Equal(TrialState.Running, store.GetTrial(trials[0].Id)!.State);
    }

    [Fact]
    public void Real_engine_cohorts_store_exactly_what_single_trials_store()
    {
        var spec = ExperimentFile.Parse("""
            {"name": "t", "dataset": {"name": "spirals", "samples": 300},
             "base": {"hidden": [12], "activation": "tanh", "batch_size": 16, "epochs": 8,
                      "early_stopping": {"patience": 2}},
             "repeats": 2,
             "search": {"space": {"optimizer": ["sgd", "adam"], "learning_rate": [0.01, 0.1], "dropout": [0, 0.2]}}}
            """, "cohort.json");
        var data = Harness.Data.DatasetCatalog.Load(spec.Dataset);
        IReadOnlyList<(TrialRecord Trial, IReadOnlyList<EpochRecord> Epochs, byte[]? Model)> Sweep(int cohort)
        {
            using var store = LiteDbExperimentStore.InMemory();
            using var executor = new EngineCohortExecutor(new CpuEngine(), data);
            new SweepRunner(store, executor, new SweepOptions { Cohort = cohort }).Run(spec);
            return [.. store.GetTrials("t").Select(t => (t, store.GetEpochs(t.Id), store.LoadModel(t.Id)))];
        }
        var single = Sweep(1);
        var together = Sweep(16);
        Assert.Equal(16, together.Count);
        for (int i = 0; i < single.Count; i++)
        {
            var (a, b) = (single[i], together[i]);
            Assert.Equal(a.Trial.Key, b.Trial.Key);
            Assert.Equal(TrialState.Complete, b.Trial.State);
            Assert.Equal((a.Trial.EpochsRun, a.Trial.BestEpoch, a.Trial.ValidationAccuracy, a.Trial.TestAccuracy, a.Trial.TestLoss),
                (b.Trial.EpochsRun, b.Trial.BestEpoch, b.Trial.ValidationAccuracy, b.Trial.TestAccuracy, b.Trial.TestLoss));
            Assert.Equal(a.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss)), b.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss)));
            Assert.Equal(a.Model, b.Model);
        }
    }

    /// <summary>Closes the store under the runner, as a failing disk would make every store call throw.</summary>
    private sealed class StoreKiller(IExperimentStore store) : ICohortExecutor
    {
        public string Engine => "cpu";
        public string Device => "fake";
        public int PreferredCohortSize => 1;
        public void Execute(CohortRequest request) => store.Dispose();
    }

    [Fact]
    public void A_store_failure_on_a_parallel_worker_reaches_the_caller_instead_of_crashing_the_process()
    {
        var store = LiteDbExperimentStore.InMemory();
        var runner = new SweepRunner(store, new StoreKiller(store), new SweepOptions { Parallel = 2 });
        Assert.Throws<ObjectDisposedException>(() => runner.Run(Spec("0.1, 0.2"), cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>Trains two cohorts, then faults as a GPU does when a kernel hits a bad address: the engine is lost.</summary>
    private sealed class FaultingExecutor : ICohortExecutor
    {
        private readonly FakeExecutor _healthy = new();
        private int _cohorts;
        public string Engine => "cuda";
        public string Device => "fake";
        public int PreferredCohortSize => 1;
        public bool Lost(Exception error) => error is TimeoutException; // the fault this fake raises

        public void Execute(CohortRequest request)
        {
            if (++_cohorts <= 2) _healthy.Execute(request);
            else
            {
                request.OnEpoch(0, new EpochMetrics(1, 0.5, 0.5, 0.5, 0.5, 0.1, 0.001));
                throw new TimeoutException("cuMemcpyDtoHAsync_v2 failed: CUDA_ERROR_ILLEGAL_ADDRESS (700)");
            }
        }
    }

    [Fact]
    public void A_lost_engine_stops_the_sweep_with_its_trials_interrupted_not_failed_and_a_rerun_resumes_it()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Spec("0.1, 0.2, 0.6"); // 6 trials, one per cohort
        var ex = Assert.Throws<EngineLostException>(() => new SweepRunner(store, new FaultingExecutor()).Run(spec, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("the cuda engine faulted and can train nothing more in this process: cuMemcpyDtoHAsync_v2 failed", ex.Message);
        Assert.Contains("run the same command again to resume", ex.Message);
        var states = store.GetTrials("t").GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<TrialState, int> { [TrialState.Complete] = 2, [TrialState.Interrupted] = 1, [TrialState.Pending] = 3 }, states);
        Assert.StartsWith("engine lost: cuMemcpyDtoHAsync_v2 failed", store.GetTrials("t").Single(t => t.State == TrialState.Interrupted).Error);

        var summary = new SweepRunner(store, new FakeExecutor()).Run(spec, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(6, summary.Count(TrialState.Complete));
        Assert.Equal(4, summary.RanHere);
    }

    private sealed class PruneAt2(string lr) : IPruner
    {
        public bool ShouldPrune(TrialSnapshot trial, IReadOnlyList<EpochMetrics> history, IReadOnlyList<TrialSnapshot> others) =>
            trial.Params["learning_rate"] == lr && history.Count == 2;
    }
}
