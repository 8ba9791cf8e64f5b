using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>
/// <c>--engine auto</c>'s router with test doubles for both engines (no GPU needed): cohorts the CUDA engine trains go
/// to it, cohorts it refuses (<see cref="CudaCapabilities.Refusal"/>, asked as it is) go to a CPU engine made on first
/// need, and a dataset is loaded only into the engines that train on it.
/// </summary>
public sealed class RoutingEngineTests
{
    private static readonly DataSplits Xor = DatasetCatalog.Load(new DatasetSpec { Name = "xor" });

    private static TrainConfig Plain(double lr = 0.5) => new() { Hidden = [4], Epochs = 2, LearningRate = lr };

    /// <summary>
    /// Refused by the CUDA engine (more layers than cohort_epoch holds, and augmented, so not the wide path's) and
    /// trainable on XOR's features.
    /// </summary>
    private static TrainConfig Deep(double lr = 0.5) =>
        Plain(lr) with { Hidden = [.. Enumerable.Repeat(3, CohortPlan.MaxStages)], Augmentation = new Augmentation { Noise = 0.05 } };

    [Fact]
    public void Route_keeps_what_the_gpu_trains_and_sends_a_cohort_with_any_refused_member_to_the_cpu()
    {
        var gpu = new RecordingEngine("cuda", "Fake GPU", 132, preferredParallel: 4);
        int cpusMade = 0;
        using var router = new RoutingEngine(gpu, () => { cpusMade++; return new RecordingEngine("cpu", "Fake CPU", 1); });
        Assert.Equal(("cuda", "Fake GPU", 132, 4), (router.Name, router.Device, router.PreferredCohortSize, router.PreferredParallel));

        var (engine, why) = router.Route([Plain(0.1), Plain(0.2)]);
        Assert.Same(gpu, engine);
        Assert.Null(why);
        Assert.Equal(0, cpusMade); // nothing routed yet: no CPU engine

        var refused = Deep();
        Assert.NotNull(CudaCapabilities.Refusal(refused));
        (engine, why) = router.Route([Plain(), refused]);
        Assert.Equal("cpu", engine.Name);
        Assert.Equal(CudaCapabilities.Refusal(refused), why);
        Assert.Same(engine, router.Route([refused]).Engine); // one CPU engine, made once
        Assert.Equal(1, cpusMade);
    }

    [Fact]
    public void Cohorts_train_on_the_engine_they_are_routed_to_and_data_loads_there_on_first_need()
    {
        var gpu = new RecordingEngine("cuda", "Fake GPU", 4);
        var cpu = new RecordingEngine("cpu", "Fake CPU", 1);
        using var router = new RoutingEngine(gpu, () => cpu);
        using (var data = router.Load(Xor))
        {
            Assert.Same(Xor, data.Splits);
            Assert.Equal((0, 0), (gpu.Loads, cpu.Loads)); // loaded nowhere until a cohort needs it

            TrainConfig[] plain = [Plain(0.1), Plain(0.2)], deep = [Deep(0.1), Deep(0.2)];
            foreach (var members in new[] { plain, deep, plain, deep })
            {
                using var cohort = router.CreateCohort(data, members);
                var results = CohortTrainer.Train(cohort, members, new CohortHooks(), TestContext.Current.CancellationToken);
                Assert.All(results, r => Assert.Equal(2, r.History.Count));
            }
            Assert.Equal([plain, plain], gpu.Cohorts);
            Assert.Equal([deep, deep], cpu.Cohorts);
            Assert.Equal((1, 1), (gpu.Loads, cpu.Loads)); // once per engine, shared by its cohorts
            Assert.Equal((0, 0), (gpu.DataDisposed, cpu.DataDisposed));
        }
        Assert.Equal((1, 1), (gpu.DataDisposed, cpu.DataDisposed));
        Assert.Equal((0, 0), (gpu.Disposed, cpu.Disposed));
        router.Dispose();
        Assert.Equal((1, 1), (gpu.Disposed, cpu.Disposed));
    }

    [Fact]
    public void A_routed_single_trial_gets_what_the_cpu_engine_gives_it_alone()
    {
        using var router = new RoutingEngine(new RecordingEngine("cuda", "Fake GPU", 4));
        var config = Deep() with { Seed = 7 };
        var routed = Trainer.Train(config, Xor, engine: router);
        var alone = Trainer.Train(config, Xor, engine: new CpuEngine());
        Assert.Equal(alone.History.Select(h => h.TrainLoss), routed.History.Select(h => h.TrainLoss));
        Assert.Equal(alone.Model.ToBytes(), routed.Model.ToBytes());
    }

    [Fact]
    public void What_the_gpu_engine_itself_refuses_is_not_retried_on_the_cpu()
    {
        var gpu = new RecordingEngine("cuda", "Fake GPU", 4) { Refuse = true };
        int cpusMade = 0;
        using var router = new RoutingEngine(gpu, () => { cpusMade++; return new CpuEngine(); });
        using var data = router.Load(Xor);
        var ex = Assert.Throws<ArgumentException>(() => router.CreateCohort(data, [Plain()]));
        Assert.Contains("fake GPU refuses", ex.Message);
        Assert.Single(gpu.Cohorts);
        Assert.Equal(0, cpusMade);
    }

    [Fact]
    public void An_injected_refusal_routes_too_and_foreign_data_is_refused()
    {
        var gpu = new RecordingEngine("cuda", "Fake GPU", 4);
        using var router = new RoutingEngine(gpu, () => new RecordingEngine("cpu", "Fake CPU", 1),
            c => c.LearningRate > 1 ? "learning_rate: too hot for the fake GPU" : null);
        var (engine, why) = router.Route([Plain(0.5), Plain(2)]);
        Assert.Equal(("cpu", "learning_rate: too hot for the fake GPU"), (engine.Name, why));
        Assert.Same(gpu, router.Route([Deep()]).Engine); // the injected rule replaces CudaCapabilities

        using var cpu = new CpuEngine();
        using var foreign = cpu.Load(Xor);
        Assert.Contains("another engine", Assert.Throws<ArgumentException>(() => router.CreateCohort(foreign, [Plain()])).Message);
    }

    [Fact]
    public void The_routed_line_names_the_engine_the_trial_count_and_the_reason()
    {
        Assert.Equal("engine: auto -> cpu for 4 trials (augmentation: why)", RoutingEngine.RoutedLine("cpu", 4, "augmentation: why"));
        Assert.Equal("engine: auto -> cpu for 1 trial (hidden: why)", RoutingEngine.RoutedLine("cpu", 1, "hidden: why"));
    }

    /// <summary>
    /// An engine double that trains on an inner CPU engine under another name: records the cohorts it gets, counts
    /// loads and disposals, and refuses every cohort with an <see cref="ArgumentException"/> when told to.
    /// </summary>
    private sealed class RecordingEngine(string name, string device, int preferredCohortSize, int preferredParallel = 1) : IEngine
    {
        private readonly CpuEngine _inner = new();

        public bool Refuse { get; init; }
        public List<TrainConfig[]> Cohorts { get; } = [];
        public int Loads { get; private set; }
        public int DataDisposed { get; private set; }
        public int Disposed { get; private set; }

        public string Name => name;
        public string Device => device;
        public int PreferredCohortSize => preferredCohortSize;
        public int PreferredParallel => preferredParallel;

        public IEngineData Load(DataSplits data)
        {
            Loads++;
            return new Held(_inner.Load(data), () => DataDisposed++);
        }

        public ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members)
        {
            Cohorts.Add([.. members]);
            if (Refuse) throw new ArgumentException("the fake GPU refuses cohort member 0");
            if (data is not Held held) throw new ArgumentException($"the dataset was loaded by another engine ({data.GetType().Name})");
            return _inner.CreateCohort(held.Inner, members);
        }

        public void Dispose() => Disposed++;

        private sealed class Held(IEngineData inner, Action disposed) : IEngineData
        {
            public IEngineData Inner => inner;
            public DataSplits Splits => inner.Splits;

            public void Dispose()
            {
                disposed();
                inner.Dispose();
            }
        }
    }
}
