using Harness.Cuda.Tests.Support;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Device;

/// <summary>
/// An epoch cut into several launches of the fused kernel (as on a device whose kernels have a run-time limit;
/// <see cref="EpochLaunches.Variable"/> forces the cut here) trains bit for bit what one launch per epoch trains:
/// every member's history, stop, divergence and parameters. Skips where there is no GPU.
/// </summary>
public sealed class EpochLaunchTests
{
    [Fact]
    public void An_epoch_cut_into_launches_trains_bit_for_bit_what_one_launch_trains()
    {
        using var engine = Needs.Engine();
        // 53 examples at batch 10: 6 steps an epoch, cut 2 + 2 + 2; 600 validation rows: chunks of 256, cut 256 + 256 + 88
        var data = RandomData.Classes(37, 5, 53, 600, 11);
        var b = ParityConfigs.Mlp;
        TrainConfig[] members =
        [
            .. ParityConfigs.EveryOptimizer(b),
            b with { Optimizer = Optimizer.Adam, LearningRate = 0.003, Dropout = 0.3, InputDropout = 0.1, Seed = 8 },
            b with { Augmentation = new Augmentation { Noise = 0.2 }, Seed = 4 },
            b with { LearningRate = 1e30, Seed = 6 }, // its batch loss stops being finite partway: it leaves the later launches
            b with { EarlyStopping = new EarlyStopping { Monitor = Harness.Engine.Monitor.ValLoss, Patience = 1 }, Epochs = 6 },
        ];
        var (whole, oneEach) = Train(engine, data, members, steps: null);
        var (cut, launches) = Train(engine, data, members, steps: "2");
        Assert.Equal(whole.Max(r => r.History.Count), oneEach); // one launch an epoch
        Assert.Equal(6 * oneEach, launches); // 3 of training and 3 of validation an epoch
        Assert.Contains(whole, r => r.Divergence is not null);
        for (int m = 0; m < members.Length; m++)
        {
            var (w, c) = (whole[m], cut[m]);
            Assert.Equal((w.StopReason, w.BestEpoch, w.Divergence), (c.StopReason, c.BestEpoch, c.Divergence));
            Assert.Equal(w.History.Select(Metrics), c.History.Select(Metrics));
            Assert.Equal(w.Model.Parameters, c.Model.Parameters);
        }
    }

    // The members trained as one cohort, and the launches it took
    private static (IReadOnlyList<TrainResult>, int) Train(CudaEngine engine, DataSplits data, TrainConfig[] members, string? steps)
    {
        Environment.SetEnvironmentVariable(EpochLaunches.Variable, steps);
        try
        {
            using var held = engine.Load(data);
            using var cohort = (CudaCohort)engine.CreateCohort(held, members, CudaEngine.FusedPath, BlasMathMode.Default);
            return (CohortTrainer.Train(cohort, members, cancellationToken: TestContext.Current.CancellationToken), cohort.Launches);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EpochLaunches.Variable, null);
        }
    }

    // Every figure of an epoch but its wall time
    private static (int, double, double, double, double, double) Metrics(EpochMetrics e) =>
        (e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate);
}
