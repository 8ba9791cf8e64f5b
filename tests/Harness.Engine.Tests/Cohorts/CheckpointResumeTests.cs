using Harness.Data;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Cohorts;

/// <summary>
/// A member restored from a checkpoint in a fresh cohort trains on bit for bit as it would have without the break:
/// the same epoch rows, best epoch, stop reason and final weights, for every optimizer's state, every RNG stream
/// (data order, dropout, augmentation), schedules, early stopping with restore-best, and CNNs.
/// </summary>
public sealed class CheckpointResumeTests
{
    public static TheoryData<string> Names => ["adam-dropout-best", "nielsen-momentum", "rmsprop-cosine", "adamw-cnn-augmented", "adagrad-full-batch"];

    private static (TrainConfig Config, Func<DataSplits> Data) Case(string name) => name switch
    {
        "adam-dropout-best" => (BitIdentityTests.Pinned("adam-dropout").Config with // dropout on inputs and hidden units, L2, standardized
        {
            Epochs = 9,
            EarlyStopping = new EarlyStopping { Patience = 3, RestoreBest = true },
        }, CohortData.Spirals),
        "nielsen-momentum" => (BitIdentityTests.Pinned(name).Config, BitIdentityTests.Pinned(name).Data), // L1, a step schedule, quadratic loss
        "rmsprop-cosine" => (new TrainConfig
        {
            Hidden = [32, 16],
            Optimizer = Optimizer.RmsProp,
            LearningRate = 0.003,
            Schedule = Schedule.Cosine,
            BatchSize = 16,
            Epochs = 5,
            Seed = 2,
            Threads = 2,
        }, CohortData.Teacher),
        "adamw-cnn-augmented" => (new TrainConfig
        {
            Layers = [new ConvLayer(4, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new FlattenLayer(), new DenseLayer(12)],
            Activation = Activation.Relu,
            Optimizer = Optimizer.AdamW,
            LearningRate = 0.005,
            L2 = 1e-3,
            Dropout = 0.1,
            Augmentation = new Augmentation { Shift = 1, Rotation = 8, Noise = 0.05 },
            BatchSize = 16,
            Epochs = 5,
            Seed = 4,
        }, () => LineImages.Splits()),
        "adagrad-full-batch" => (new TrainConfig { Hidden = [16], Optimizer = Optimizer.Adagrad, LearningRate = 0.05, BatchSize = 0, Epochs = 5, Seed = 9 }, CohortData.Spirals),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>One uninterrupted run, with the checkpoint of every epoch taken on the way (epochs run -> state).</summary>
    private static (TrainResult Result, Dictionary<int, byte[]> Checkpoints) Straight(ICohort cohort, TrainConfig config)
    {
        var checkpoints = new Dictionary<int, byte[]>();
        var hooks = new CohortHooks { CheckpointEvery = TimeSpan.FromTicks(1), OnCheckpoint = (_, epoch, state) => checkpoints.Add(epoch, state) };
        var result = CohortTrainer.Train(cohort, [config], hooks, TestContext.Current.CancellationToken)[0];
        return (result, checkpoints);
    }

    private static void AssertSame(TrainResult expected, TrainResult actual)
    {
        Assert.Equal(expected.StopReason, actual.StopReason);
        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        Assert.Equal(expected.History.Select(Row), actual.History.Select(Row));
        Assert.Equal(BitIdentityTests.Sha(expected.Model.Parameters), BitIdentityTests.Sha(actual.Model.Parameters));
    }

    // Everything but the epoch's wall time, as IEEE bits.
    private static string Row(EpochMetrics m) => string.Join(' ', new[] { m.TrainLoss, m.TrainAccuracy, m.ValidationLoss, m.ValidationAccuracy, m.LearningRate }
        .Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16")).Prepend(m.Epoch.ToString()));

    [Theory]
    [MemberData(nameof(Names))]
    public void A_member_resumed_from_any_epochs_checkpoint_ends_as_the_uninterrupted_run(string name)
    {
        var (config, splits) = Case(name);
        using var engine = new CpuEngine();
        using var data = engine.Load(splits());
        TrainResult plain;
        using (var cohort = engine.CreateCohort(data, [config]))
            plain = CohortTrainer.Train(cohort, [config], cancellationToken: TestContext.Current.CancellationToken)[0];
        TrainResult straight;
        Dictionary<int, byte[]> checkpoints;
        using (var cohort = engine.CreateCohort(data, [config]))
            (straight, checkpoints) = Straight(cohort, config);
        AssertSame(plain, straight); // taking checkpoints changes nothing
        Assert.Equal(Enumerable.Range(1, straight.History.Count - 1), checkpoints.Keys.Order()); // every epoch but the last, which ends it

        foreach (var (epochs, state) in checkpoints)
        {
            using var cohort = engine.CreateCohort(data, [config]);
            var resumed = CohortTrainer.Train(cohort, [config], cancellationToken: TestContext.Current.CancellationToken,
                resume: [new MemberResume(state, [.. straight.History.Take(epochs)])])[0];
            AssertSame(straight, resumed);
        }
    }

    [Fact]
    public void In_a_cohort_a_resumed_member_and_a_fresh_one_each_end_as_they_do_alone()
    {
        var (config, splits) = Case("adam-dropout-best");
        var other = config with { Seed = 8, LearningRate = 0.02 };
        using var engine = new CpuEngine();
        using var data = engine.Load(splits());
        TrainResult first, second;
        Dictionary<int, byte[]> checkpoints;
        using (var cohort = engine.CreateCohort(data, [config])) (first, checkpoints) = Straight(cohort, config);
        using (var cohort = engine.CreateCohort(data, [other])) second = CohortTrainer.Train(cohort, [other], cancellationToken: TestContext.Current.CancellationToken)[0];

        using var both = engine.CreateCohort(data, [other, config]);
        var results = CohortTrainer.Train(both, [other, config], cancellationToken: TestContext.Current.CancellationToken,
            resume: [null, new MemberResume(checkpoints[2], [.. first.History.Take(2)])]);
        AssertSame(second, results[0]);
        AssertSame(first, results[1]);
    }

    [Theory]
    [InlineData("adam-dropout-best", 3)]
    [InlineData("rmsprop-cosine", 2)]
    [InlineData("adamw-cnn-augmented", 1)]
    public void A_stopped_member_gets_the_checkpoint_of_its_last_whole_epoch_and_resumed_from_it_ends_as_the_uninterrupted_run(string name, int stopAfter)
    {
        var (config, splits) = Case(name);
        using var engine = new CpuEngine();
        using var data = engine.Load(splits());
        TrainResult plain;
        using (var cohort = engine.CreateCohort(data, [config]))
            plain = CohortTrainer.Train(cohort, [config], cancellationToken: TestContext.Current.CancellationToken)[0];

        // No checkpoint is due in the hour; the stop (after epoch stopAfter, as the next one starts) still stores one.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var taken = new List<(int Epoch, byte[] State)>();
        var hooks = new CohortHooks
        {
            CheckpointEvery = TimeSpan.FromHours(1),
            OnCheckpoint = (_, epoch, state) => taken.Add((epoch, state)),
            OnEpoch = (_, row) =>
            {
                if (row.Epoch == stopAfter) stop.Cancel();
                return true;
            },
        };
        TrainResult stopped;
        using (var cohort = engine.CreateCohort(data, [config])) stopped = CohortTrainer.Train(cohort, [config], hooks, stop.Token)[0];
        Assert.Equal(StopReason.Cancelled, stopped.StopReason);
        Assert.Equal(stopAfter, stopped.History.Count);
        var (epoch, state) = Assert.Single(taken);
        Assert.Equal(stopAfter, epoch);

        using var again = engine.CreateCohort(data, [config]);
        var resumed = CohortTrainer.Train(again, [config], cancellationToken: TestContext.Current.CancellationToken,
            resume: [new MemberResume(state, [.. stopped.History])])[0];
        AssertSame(plain, resumed);
    }

    [Fact]
    public void A_stop_right_after_a_checkpoint_stores_no_second_one()
    {
        var (config, splits) = Case("nielsen-momentum");
        using var engine = new CpuEngine();
        using var data = engine.Load(splits());
        using var cohort = engine.CreateCohort(data, [config]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var taken = new List<int>();
        var hooks = new CohortHooks
        {
            CheckpointEvery = TimeSpan.FromTicks(1), // due after every epoch
            OnCheckpoint = (_, e, _) => taken.Add(e),
            OnEpoch = (_, row) =>
            {
                if (row.Epoch == 2) stop.Cancel();
                return true;
            },
        };
        Assert.Equal(StopReason.Cancelled, CohortTrainer.Train(cohort, [config], hooks, stop.Token)[0].StopReason);
        Assert.Equal([1, 2], taken);
    }

    [Fact]
    public void Checkpoints_come_no_closer_than_asked()
    {
        var (config, splits) = Case("nielsen-momentum");
        using var engine = new CpuEngine();
        using var data = engine.Load(splits());
        using var cohort = engine.CreateCohort(data, [config]);
        var taken = new List<int>();
        CohortTrainer.Train(cohort, [config], new CohortHooks { CheckpointEvery = TimeSpan.FromHours(1), OnCheckpoint = (_, e, _) => taken.Add(e) },
            TestContext.Current.CancellationToken);
        Assert.Empty(taken);
    }

    [Fact]
    public void A_checkpoint_that_does_not_fit_its_member_is_refused_by_name()
    {
        var (config, splits) = Case("adam-dropout-best");
        using var engine = new CpuEngine();
        using var data = engine.Load(splits());
        Dictionary<int, byte[]> checkpoints;
        TrainResult straight;
        using (var cohort = engine.CreateCohort(data, [config])) (straight, checkpoints) = Straight(cohort, config);
        var state = checkpoints[2];
        var history = straight.History.Take(2).ToList();

        string Refusal(TrainConfig c, byte[] bytes, IReadOnlyList<EpochMetrics> rows)
        {
            using var cohort = engine.CreateCohort(data, [c]);
            return Assert.Throws<InvalidDataException>(() => CohortTrainer.Train(cohort, [c],
                cancellationToken: TestContext.Current.CancellationToken, resume: [new MemberResume(bytes, rows)])).Message;
        }

        Assert.Contains("weights hold", Refusal(config with { Hidden = [25] }, state, history));
        Assert.Contains("another optimizer's state than Momentum's", Refusal(config with { Optimizer = Optimizer.Momentum, Momentum = 0.9 }, state, history));
        Assert.Contains("ends early", Refusal(config, state[..^5], history));
        Assert.Contains("does not start with HCKP", Refusal(config, [1, 2, 3, 4, 5], history));
        Assert.Contains("has run 2 epochs but comes with 1 epoch rows", Refusal(config, state, history[..1]));
    }
}
