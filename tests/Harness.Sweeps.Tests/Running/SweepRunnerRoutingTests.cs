using System.Collections.Concurrent;
using Harness.Engine;
using Harness.Engine.Cuda;
using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

/// <summary>
/// <c>--engine auto</c> with a GPU, through the runner and the real executor (a fake GPU engine, no device needed):
/// cohorts the CUDA engine trains go to it, the ones it refuses go to the CPU engine, the user is told once per
/// reason, and every trial stores the engine and device that trained it.
/// </summary>
public sealed class SweepRunnerRoutingTests
{
    /// <summary>XOR, 3 epochs, 3 learning rates x noise off/on; the fake GPU refuses noise (<see cref="Refusal"/>).</summary>
    private static ExperimentSpec Spec() =>
        Specs.Parse(Specs.Xor("""{"space": {"learning_rate": [0.1, 0.2, 0.6], "augmentation.noise": [0, 0.1]}}"""));

    private sealed class Messages : ISweepObserver
    {
        public ConcurrentQueue<string> Lines { get; } = [];
        public void Message(string line) => Lines.Enqueue(line);
    }

    private static bool Augmented(TrainConfig c) => c.Augmentation is { Noise: > 0 };

    /// <summary>
    /// What the fake GPU refuses: members with noise, which share a CohortKey with the others (the CUDA engine itself
    /// trains augmentation; the rule is injected as the CUDA engine's own refusal would be).
    /// </summary>
    private static string? Refusal(TrainConfig c) => Augmented(c) ? "augmentation.noise: refused by the fake GPU" : null;

    [Theory]
    [InlineData(null, new[] { 3 }, new[] { 1, 1, 1 })] // each engine's preference: one GPU cohort of 3, CPU cohorts of 1
    [InlineData(6, new[] { 3 }, new[] { 3 })] // --cohort 6: all six share a CohortKey, yet the refused three never join the GPU's
    public void Refused_cohorts_train_on_the_cpu_and_every_trial_stores_the_engine_that_trained_it(int? cohort, int[] gpuSizes, int[] cpuSizes)
    {
        var spec = Spec();
        var data = Harness.Data.DatasetCatalog.Load(spec.Dataset);
        using var store = LiteDbExperimentStore.InMemory();
        var gpu = new RecordingEngine();
        var cpu = new RecordingEngine(preferredCohortSize: 1, name: "cpu", device: "Fake CPU");
        var messages = new Messages();
        using (var executor = new EngineCohortExecutor(new RoutingEngine(gpu, () => cpu, Refusal), data))
        {
            var options = new SweepOptions { Cohort = cohort, Observer = messages };
            var summary = new SweepRunner(store, executor, options).Run(spec, TestContext.Current.CancellationToken);
            Assert.Equal(6, summary.Count(TrialState.Complete));
        }

        var routedConfig = store.GetTrials("t").Select(t => TrialPlanner.Config(t)).First(Augmented);
        var why = Refusal(routedConfig);
        Assert.NotNull(why);
        Assert.Equal([RoutingEngine.RoutedLine("cpu", 3, why)], messages.Lines); // one line, the reason as the engine gives it
        Assert.StartsWith("engine: auto -> cpu for 3 trials (", messages.Lines.Single());

        Assert.Equal(gpuSizes, gpu.Cohorts.Select(c => c.Count));
        Assert.Equal(cpuSizes, cpu.Cohorts.Select(c => c.Count));
        Assert.All(gpu.Cohorts.SelectMany(c => c), c => Assert.False(Augmented(c)));
        Assert.All(cpu.Cohorts.SelectMany(c => c), c => Assert.True(Augmented(c)));
        Assert.Equal((1, 1), (gpu.Loads, cpu.Loads));

        foreach (var t in store.GetTrials("t"))
        {
            var (engine, device) = Augmented(TrialPlanner.Config(t)) ? ("cpu", "Fake CPU") : ("cuda", RecordingEngine.FakeGpu);
            Assert.Equal((engine, device), (t.Engine, t.Device));
            Assert.Equal(3, store.GetEpochs(t.Id).Count);
        }
    }

    [Fact]
    public void The_cpu_engine_it_makes_is_stored_with_its_own_device()
    {
        var spec = Spec();
        using var store = LiteDbExperimentStore.InMemory();
        using (var executor = new EngineCohortExecutor(new RoutingEngine(new RecordingEngine(), refusal: Refusal), Harness.Data.DatasetCatalog.Load(spec.Dataset)))
            new SweepRunner(store, executor).Run(spec, TestContext.Current.CancellationToken);
        var cpuDevice = new CpuEngine().Device;
        Assert.All(store.GetTrials("t"), t => Assert.Equal(
            Augmented(TrialPlanner.Config(t)) ? ("cpu", cpuDevice) : ("cuda", RecordingEngine.FakeGpu), (t.Engine, t.Device)));
    }

    [Fact]
    public void Trials_another_process_holds_are_not_counted_nor_trained_here()
    {
        var spec = Spec();
        using var store = LiteDbExperimentStore.InMemory();
        var exp = store.OpenExperiment(spec.Name, spec.ToJson(), SpecHashes.For(store, spec), newVersion: false);
        var trials = store.EnsureTrials("t", exp.Version, TrialPlanner.Plan(spec, exp.Version, spec.CreateSampler().Plan([])));
        var held = trials.First(t => Augmented(TrialPlanner.Config(t)));
        Assert.True(store.TryClaim(held.Id, "cpu", "elsewhere", out _)); // held (heartbeat fresh)
        var gpu = new RecordingEngine();
        var messages = new Messages();
        var options = new SweepOptions { Cohort = 6, Observer = messages };
        using (var executor = new EngineCohortExecutor(new RoutingEngine(gpu, refusal: Refusal), Harness.Data.DatasetCatalog.Load(spec.Dataset)))
            new SweepRunner(store, executor, options).Run(spec, TestContext.Current.CancellationToken);
        Assert.StartsWith("engine: auto -> cpu for 2 trials (", Assert.Single(messages.Lines));
        Assert.Equal([3], gpu.Cohorts.Select(c => c.Count));
        Assert.Equal(("elsewhere", TrialState.Running), (store.GetTrial(held.Id)!.Device, store.GetTrial(held.Id)!.State));
    }

    [Fact]
    public void Each_distinct_reason_is_said_once_with_its_trial_count()
    {
        var spec = Spec();
        var data = Harness.Data.DatasetCatalog.Load(spec.Dataset);
        using var store = LiteDbExperimentStore.InMemory();
        var gpu = new RecordingEngine();
        var messages = new Messages();
        static string? ByRate(TrainConfig c) => c.LearningRate switch
        {
            0.1 => "learning_rate: too cold for the fake GPU",
            0.6 => "learning_rate: too hot for the fake GPU",
            _ => null,
        };
        using (var executor = new EngineCohortExecutor(new RoutingEngine(gpu, refusal: ByRate), data))
            new SweepRunner(store, executor, new SweepOptions { Observer = messages }).Run(spec, TestContext.Current.CancellationToken);

        string[] said =
        [
            RoutingEngine.RoutedLine("cpu", 2, "learning_rate: too cold for the fake GPU"),
            RoutingEngine.RoutedLine("cpu", 2, "learning_rate: too hot for the fake GPU"),
        ];
        Assert.Equal(said, messages.Lines.Order(StringComparer.Ordinal));
        Assert.All(gpu.Cohorts.SelectMany(c => c), c => Assert.Equal(0.2, c.LearningRate));
        Assert.All(store.GetTrials("t"), t => Assert.Equal(t.Params["learning_rate"] == "0.2" ? "cuda" : "cpu", t.Engine));
    }

    [Fact]
    public void An_executor_without_routing_stores_its_one_engine_and_says_nothing()
    {
        var spec = Spec();
        var data = Harness.Data.DatasetCatalog.Load(spec.Dataset);
        using var store = LiteDbExperimentStore.InMemory();
        var gpu = new RecordingEngine(refuse: true); // as --engine cuda: the engine itself refuses, the trials fail
        var messages = new Messages();
        using (var executor = new EngineCohortExecutor(gpu, data))
        {
            var summary = new SweepRunner(store, executor, new SweepOptions { Observer = messages }).Run(spec, TestContext.Current.CancellationToken);
            Assert.Equal(6, summary.FailedHere);
        }
        Assert.Empty(messages.Lines);
        Assert.All(store.GetTrials("t"), t =>
        {
            Assert.Equal(("cuda", RecordingEngine.FakeGpu), (t.Engine, t.Device));
            Assert.Contains("the fake engine refuses", t.Error);
        });
    }
}
