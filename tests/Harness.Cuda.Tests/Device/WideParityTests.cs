using Harness.Cuda.Tests.Support;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Device;

/// <summary>
/// The CUDA engine's wide path (cuBLAS strided-batched GEMMs, wide.cuh's kernels, a CUDA graph per step) against the
/// CPU engine, and against the fused kernel where both draw the same Philox dropout masks. cuBLAS sums in its own order,
/// so the tolerances are the fused path's (atol 2e-4, rtol 2e-3 after minibatch epochs). With TF32 the stated tolerance
/// is looser: losses within 2% and accuracies within 2 points of the fp32 run after 3 epochs. Skip without a GPU.
/// </summary>
public sealed class WideParityTests
{
    private const double Atol = 2e-4, Rtol = 2e-3;

    private static readonly TrainConfig Base = ParityConfigs.Mlp;

    [Fact]
    public void A_cohort_of_every_optimizer_on_the_wide_path_matches_each_members_CPU_solo_run()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        var configs = ParityConfigs.EveryOptimizer(Base);
        var gpu = Train(engine, data, configs, CudaEngine.WideCohortPath);
        var cpu = Parity.Cpu(data, configs);
        for (int m = 0; m < configs.Length; m++) Parity.AssertMatch(gpu[m], cpu[m], $"member {m} ({configs[m].Optimizer})", Atol, Rtol, 0.03);
    }

    [Theory]
    [InlineData(Loss.Quadratic, Activation.Sigmoid, Activation.Sigmoid)]
    [InlineData(Loss.Absolute, Activation.Relu, Activation.Identity)]
    [InlineData(Loss.SigmoidCrossEntropy, Activation.LeakyRelu, Activation.Identity)]
    [InlineData(Loss.Hinge, Activation.Sigmoid, Activation.Tanh)]
    public void Each_loss_and_activation_matches_the_CPU_on_the_wide_path(Loss loss, Activation hidden, Activation output)
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(150, 7, 211, 300, 31); // validation in chunks of 256 rows and a short one
        TrainConfig[] configs = [Base with { Hidden = [300, 33], Loss = loss, Activation = hidden, OutputActivation = output, LeakySlope = 0.1, BatchSize = 32 }];
        Parity.AssertMatch(Train(engine, data, configs, CudaEngine.WideCohortPath)[0], Parity.Cpu(data, configs)[0], $"{loss}/{hidden}/{output}", Atol, Rtol, 0.03);
    }

    [Fact]
    public void With_dropout_the_wide_path_matches_the_fused_kernel()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        TrainConfig[] configs = [Base with { Dropout = 0.5, InputDropout = 0.2 }, Base with { Dropout = 0.3, Optimizer = Optimizer.Adam, LearningRate = 0.003, Seed = 8 }];
        var wide = Train(engine, data, configs, CudaEngine.WideCohortPath);
        var fused = Train(engine, data, configs, CudaEngine.FusedPath);
        for (int m = 0; m < configs.Length; m++) Parity.AssertMatch(wide[m], fused[m], $"member {m}", Atol, Rtol, 0.03);
    }

    [Fact]
    public void Auto_takes_the_wide_path_for_a_wide_network_and_early_stopping_restores_its_best_weights()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(150, 7, 211, 37, 31);
        TrainConfig[] configs = [Base with { Hidden = [300], BatchSize = 32, Epochs = 12, LearningRate = 0.5, EarlyStopping = new EarlyStopping { Patience = 1, Monitor = Harness.Engine.Monitor.ValLoss } }];
        Parity.AssertMatch(TrainAsChosen(engine, data, configs)[0], Parity.Cpu(data, configs)[0], "early stopping", Atol, Rtol, 0.03);
    }

    [Fact]
    public void A_plain_MLP_deeper_than_the_fused_kernel_holds_trains_on_the_wide_path_like_the_CPU()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        TrainConfig[] configs = [Base with { Hidden = [.. Enumerable.Repeat(6, 40)], Optimizer = Optimizer.Adam, LearningRate = 0.01 }];
        Parity.AssertMatch(TrainAsChosen(engine, data, configs)[0], Parity.Cpu(data, configs)[0], "40 hidden layers", Atol, Rtol, 0.03);
    }

    [Fact]
    public void TF32_stays_within_the_stated_tolerance_of_fp32()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(150, 7, 503, 500, 31);
        TrainConfig[] configs = [Base with { Hidden = [512, 256], Activation = Activation.Relu, Init = Init.He, Optimizer = Optimizer.Adam, LearningRate = 1e-3, BatchSize = 64 }];
        var fp32 = Train(engine, data, configs, CudaEngine.WideCohortPath)[0];
        var tf32 = Train(engine, data, configs, CudaEngine.WideCohortPath, BlasMathMode.Tf32)[0];
        for (int e = 0; e < fp32.History.Count; e++)
        {
            EpochMetrics a = fp32.History[e], b = tf32.History[e];
            Assert.True(Math.Abs(a.TrainLoss - b.TrainLoss) <= 0.02 * Math.Abs(a.TrainLoss), $"epoch {e + 1} train loss: tf32 {b.TrainLoss}, fp32 {a.TrainLoss}");
            Assert.True(Math.Abs(a.ValidationLoss - b.ValidationLoss) <= 0.02 * Math.Abs(a.ValidationLoss), $"epoch {e + 1} validation loss: tf32 {b.ValidationLoss}, fp32 {a.ValidationLoss}");
            Assert.True(Math.Abs(a.ValidationAccuracy - b.ValidationAccuracy) <= 0.02, $"epoch {e + 1} validation accuracy: tf32 {b.ValidationAccuracy}, fp32 {a.ValidationAccuracy}");
        }
    }

    // Trains on the path the engine picks itself, after checking that it picks the wide one.
    private static IReadOnlyList<TrainResult> TrainAsChosen(CudaEngine engine, DataSplits data, TrainConfig[] configs)
    {
        Assert.Equal(CudaEngine.WideCohortPath, CudaEngine.Path(data, configs));
        using var held = engine.Load(data);
        using var cohort = engine.CreateCohort(held, configs);
        Assert.IsType<WideCohort>(cohort);
        return CohortTrainer.Train(cohort, configs, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static IReadOnlyList<TrainResult> Train(CudaEngine engine, DataSplits data, TrainConfig[] configs, string path, BlasMathMode mode = BlasMathMode.Default)
    {
        using var held = engine.Load(data);
        using var cohort = engine.CreateCohort(held, configs, path, mode);
        Assert.Equal(path == CudaEngine.WideCohortPath, cohort is WideCohort);
        return CohortTrainer.Train(cohort, configs, cancellationToken: TestContext.Current.CancellationToken);
    }
}
