using Harness.Cuda.Tests.Support;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Device;

/// <summary>
/// The CUDA engine against the CPU engine. Sizes are off the block size on purpose (37 and 150 inputs, 33/17/130/300
/// units, 103 and 211 examples, last batches of 3). Dropout masks come from different generators (Philox on the device, xoshiro on the
/// CPU), so members with dropout are compared by statistics; every other member is compared value by value. Skip
/// with the reason where there is no GPU.
/// </summary>
public sealed class CohortParityTests
{
    private const double Atol = 2e-4, Rtol = 2e-3;

    private static readonly TrainConfig Base = ParityConfigs.Mlp;

    [Fact]
    public void Full_batch_steps_match_the_CPU_by_loss_and_every_tensor()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        TrainConfig[] configs = [Base with { BatchSize = 0, Epochs = 6, LearningRate = 0.5 }]; // each epoch is one step
        var gpu = Parity.Gpu(engine, data, configs);
        Parity.AssertMatch(gpu[0], Parity.Cpu(data, configs)[0], "full batch", 1e-5, 1e-4, 0.0);
    }

    [Theory]
    [InlineData(Loss.Quadratic, Activation.Sigmoid, Activation.Sigmoid)]
    [InlineData(Loss.Absolute, Activation.Relu, Activation.Identity)]
    [InlineData(Loss.SoftmaxCrossEntropy, Activation.Tanh, Activation.Identity)]
    [InlineData(Loss.SigmoidCrossEntropy, Activation.LeakyRelu, Activation.Identity)]
    [InlineData(Loss.Hinge, Activation.Sigmoid, Activation.Tanh)]
    public void Each_loss_and_activation_matches_the_CPU_over_minibatch_epochs(Loss loss, Activation hidden, Activation output)
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        TrainConfig[] configs = [Base with { Loss = loss, Activation = hidden, OutputActivation = output, LeakySlope = 0.1 }];
        Parity.AssertMatch(Parity.Gpu(engine, data, configs)[0], Parity.Cpu(data, configs)[0], $"{loss}/{hidden}/{output}", Atol, Rtol, 0.03);
    }

    [Fact]
    public void Layers_with_128_or_more_inputs_take_the_warp_per_unit_path_and_match_the_CPU()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(150, 7, 211, 37, 31);
        TrainConfig[] configs = [Base with { Hidden = [130, 9], Dropout = 0, BatchSize = 16 }]; // 150 and 130 inputs: warp path; 9: thread path
        Parity.AssertMatch(Parity.Gpu(engine, data, configs)[0], Parity.Cpu(data, configs)[0], "wide inputs", Atol, Rtol, 0.03);
    }

    [Fact]
    public void A_cohort_of_every_optimizer_schedule_and_regularizer_matches_each_members_CPU_solo_run()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        TrainConfig[] configs =
        [
            Base,
            Base with { Optimizer = Optimizer.Momentum, Momentum = 0.8, LearningRate = 0.02, L2 = 1e-3 },
            Base with { Optimizer = Optimizer.Nesterov, Momentum = 0.9, LearningRate = 0.01, Schedule = Schedule.Step, StepEpochs = 1 },
            Base with { Optimizer = Optimizer.Adagrad, LearningRate = 0.05, L1 = 1e-3, DecayBiases = true },
            Base with { Optimizer = Optimizer.RmsProp, LearningRate = 0.002, Rho = 0.95, Schedule = Schedule.Cosine },
            Base with { Optimizer = Optimizer.Adam, LearningRate = 0.003, L2 = 1e-2, Seed = 9, ShuffleSeed = 4 },
            Base with { Optimizer = Optimizer.AdamW, LearningRate = 0.003, L2 = 0.05, Schedule = Schedule.Exponential, DecayRate = 0.7 },
            Base with { Standardize = false, LearningRate = 0.3, Epochs = 2, Schedule = Schedule.Linear },
        ];
        var gpu = Parity.Gpu(engine, data, configs);
        var cpu = Parity.Cpu(data, configs);
        for (int m = 0; m < configs.Length; m++) Parity.AssertMatch(gpu[m], cpu[m], $"member {m} ({configs[m].Optimizer})", Atol, Rtol, 0.03);
    }

    [Fact]
    public void Regression_without_labels_matches_the_CPU_and_reports_no_accuracy()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Regression(203, 41, 41);
        TrainConfig[] configs = [Base with { Hidden = [17], Loss = Loss.Quadratic, OutputActivation = Activation.Identity, BatchSize = 8, Standardize = true }];
        var gpu = Parity.Gpu(engine, data, configs)[0];
        Parity.AssertMatch(gpu, Parity.Cpu(data, configs)[0], "regression", Atol, Rtol, 0.0);
        Assert.All(gpu.History, e => Assert.True(double.IsNaN(e.TrainAccuracy) && double.IsNaN(e.ValidationAccuracy)));
        Assert.NotNull(gpu.Model.Preprocessing);
    }

    [Fact]
    public void Early_stopping_restores_the_best_weights_and_the_exported_model_evaluates_like_the_CPUs()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        TrainConfig[] configs = [Base with { Epochs = 12, LearningRate = 0.4, EarlyStopping = new EarlyStopping { Patience = 2, Monitor = Harness.Engine.Monitor.ValLoss } }];
        var gpu = Parity.Gpu(engine, data, configs)[0];
        var cpu = Parity.Cpu(data, configs)[0];
        Assert.Equal(cpu.BestEpoch, gpu.BestEpoch);
        Parity.AssertMatch(gpu, cpu, "early stopping", Atol, Rtol, 0.03);
        var (g, c) = (Evaluator.Evaluate(gpu.Model, data.Test), Evaluator.Evaluate(cpu.Model, data.Test));
        Assert.InRange(Math.Abs(g.Loss - c.Loss), 0, 1e-3 * Math.Abs(c.Loss) + 1e-4);
        Assert.InRange(Math.Abs(g.Accuracy - c.Accuracy), 0, 0.035);
    }

    [Fact]
    public void A_diverging_member_stops_as_on_the_CPU_while_the_others_go_on()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 103, 29, 31);
        var healthy = Base with { Activation = Activation.Relu, Loss = Loss.Quadratic }; // one cohort: one architecture
        TrainConfig[] configs = [healthy with { LearningRate = 1e6 }, healthy];
        var gpu = Parity.Gpu(engine, data, configs);
        var cpu = Parity.Cpu(data, configs);
        Assert.Equal(StopReason.Diverged, cpu[0].StopReason);
        Assert.Equal(StopReason.Diverged, gpu[0].StopReason);
        Assert.Equal(cpu[0].History.Count, gpu[0].History.Count);
        Parity.AssertMatch(gpu[1], cpu[1], "healthy member", Atol, Rtol, 0.03);
    }

    [Fact]
    public void Dropout_masks_drop_at_the_rate_and_scale_the_kept_units()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 503, 29, 31);
        var config = Base with { Hidden = [300], Dropout = 0.5, InputDropout = 0.2, BatchSize = 50 };
        using var held = engine.Load(data);
        // 300 units at batch 50 would take the wide path; the workspace offsets below are the fused kernel's
        using var cohort = (CudaCohort)engine.CreateCohort(held, [config], CudaEngine.FusedPath, BlasMathMode.Default);
        Assert.True(double.IsFinite(cohort.RunSteps(1)[0]));
        var plan = cohort.Plan;
        var w = cohort.Workspace(0);
        long r = plan.Rows, maskAt = 3 * r + r * 37 + 3 * r * 300; // rowLoss, rowCorrect, xin, then z, a, dz, mask of layer 1
        var mask = w.AsSpan((int)maskAt, 50 * 300).ToArray();
        Assert.All(mask, v => Assert.True(v == 0f || v == 2f, $"mask value {v}"));
        double dropped = mask.Count(v => v == 0f) / (double)mask.Length;
        Assert.InRange(dropped, 0.48, 0.52); // 15,000 draws: 5 standard deviations either side
    }

    [Fact]
    public void Members_with_dropout_train_to_the_CPUs_accuracy_in_distribution()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Classes(37, 5, 1003, 301, 31);
        var configs = Enumerable.Range(1, 4).Select(s => Base with { Dropout = 0.2, Epochs = 5, Seed = s, Hidden = [64] }).ToArray();
        var gpu = Parity.Gpu(engine, data, configs).Select(r => r.History[^1].ValidationAccuracy).Average();
        var cpu = Parity.Cpu(data, configs).Select(r => r.History[^1].ValidationAccuracy).Average();
        Assert.InRange(gpu - cpu, -0.05, 0.05);
    }
}
