using Harness.Cuda.Tests.Support;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Emulation;

/// <summary>
/// The wide path (WideCohort: strided-batched GEMMs and wide.cuh's kernels, one recorded step replayed) run on the CPU
/// emulation of the device against the CPU engine's solo runs, through the whole trainer (schedules, early stopping,
/// best weights, export): every epoch's losses and accuracies and every parameter tensor. This checks the GEMMs'
/// shapes, transposes and strides, the workspace offsets and the order of the kernels without a GPU; cuBLAS's own
/// summation order and the CUDA graph are left to the Device tests. Skips without g++.
/// </summary>
public sealed class WideEmulationTests
{
    private const double Atol = 1e-5, Rtol = 1e-4;

    private static readonly TrainConfig Base = ParityConfigs.Mlp with { Epochs = 2 };

    public static TheoryData<string> Cases => ["optimizers", "quadratic", "hinge", "absolute-full-batch", "sigmoid-ce", "three-hidden",
        "forty-hidden", "no-hidden", "regression", "early-stopping", "diverging"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_wide_path_matches_the_CPU_engine_epoch_by_epoch_and_tensor_by_tensor(string name)
    {
        var (data, configs) = Case(name);
        var cpu = Parity.Cpu(data, configs);
        var device = new EmulatedWideDevice();
        IReadOnlyList<TrainResult> wide;
        using (var cohort = Cohort(device, data, configs))
            wide = CohortTrainer.Train(cohort, configs, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(device.Violations); // nothing written past an array
        for (int m = 0; m < configs.Length; m++)
            Parity.AssertMatch(wide[m], cpu[m], $"{name} member {m} ({configs[m].Optimizer})", Atol, Rtol, 1e-9);
    }

    [Fact]
    public void A_member_without_dropout_matches_the_CPU_beside_one_that_drops()
    {
        var data = RandomData.Classes(37, 5, 53, 17, 11);
        TrainConfig[] configs = [Base with { Dropout = 0.5, InputDropout = 0.2 }, Base with { Seed = 8 }];
        var cpu = Parity.Cpu(data, configs);
        using var cohort = Cohort(new EmulatedWideDevice(), data, configs);
        var wide = CohortTrainer.Train(cohort, configs, cancellationToken: TestContext.Current.CancellationToken);
        Parity.AssertMatch(wide[1], cpu[1], "the member without dropout", Atol, Rtol, 1e-9);
        Assert.All(wide[0].History, e => Assert.True(double.IsFinite(e.TrainLoss), $"epoch {e.Epoch}: train loss {e.TrainLoss}"));
        Assert.NotEqual(cpu[0].History[^1].TrainLoss, wide[0].History[^1].TrainLoss); // its masks are Philox's, not the CPU's
    }

    [Fact]
    public void With_dropout_it_matches_the_fused_kernel_which_draws_the_same_Philox_masks()
    {
        var data = RandomData.Classes(37, 5, 53, 17, 11);
        TrainConfig[] configs = [Base with { Dropout = 0.5, InputDropout = 0.2 }, Base with { Dropout = 0.3, Optimizer = Optimizer.Adam, LearningRate = 0.003, Seed = 8 }];
        var fused = BlockEmulator.Run(data, configs, epochs: 2);
        using var cohort = Cohort(new EmulatedWideDevice(), data, configs);
        for (int e = 0; e < 2; e++)
        {
            var epoch = cohort.RunEpoch(TestContext.Current.CancellationToken);
            for (int m = 0; m < configs.Length; m++)
            {
                var o = fused.Epochs[e].AsSpan(m * CohortSlots.Out, CohortSlots.Out);
                double trainLoss = o[CohortSlots.LossSum] / data.Train.Count + o[CohortSlots.Penalty];
                Assert.True(Math.Abs(epoch[m]!.Value.Metrics!.Value.TrainLoss - trainLoss) <= Atol + Rtol * Math.Abs(trainLoss),
                    $"member {m} epoch {e + 1}: wide {epoch[m]!.Value.Metrics!.Value.TrainLoss:R}, fused {trainLoss:R}");
            }
        }
        long p = fused.Plan.Parameters;
        for (int m = 0; m < configs.Length; m++)
        {
            var r = Harness.Cuda.Diagnostics.ToleranceCheck.Compare(cohort.Parameters(m), fused.Parameters.AsSpan((int)(m * p), (int)p), Atol, Rtol);
            Assert.True(r.Passed, $"member {m} parameters: {r}");
        }
    }

    [Fact]
    public void A_step_is_recorded_once_and_replayed_for_every_step_of_every_epoch()
    {
        var data = RandomData.Classes(37, 5, 53, 17, 11); // batch 10: 6 steps per epoch, the last of 3 examples
        var device = new EmulatedWideDevice();
        using var cohort = Cohort(device, data, [Base]);
        cohort.RunEpoch(TestContext.Current.CancellationToken);
        cohort.RunEpoch(TestContext.Current.CancellationToken);
        Assert.Equal(3, device.Recorded); // a step, the validation pass, the penalty
        Assert.Equal(2 * 6, device.Launches.Count(k => k == "wide_advance"));
        Assert.Equal(2 * 1, device.Launches.Count(k => k == "wide_reduce") - 2 * 6); // 17 validation rows: one chunk an epoch
        Assert.Equal(2, device.Launches.Count(k => k == "wide_begin"));
    }

    [Fact]
    public void Where_a_step_cannot_be_recorded_it_is_issued_launch_by_launch_with_the_same_result()
    {
        var data = RandomData.Classes(37, 5, 53, 17, 11);
        TrainConfig[] configs = [Base with { Optimizer = Optimizer.Adam, LearningRate = 0.003 }];
        var device = new EmulatedWideDevice { RefuseRecording = true };
        IReadOnlyList<TrainResult> wide;
        using (var cohort = Cohort(device, data, configs))
        {
            wide = CohortTrainer.Train(cohort, configs, cancellationToken: TestContext.Current.CancellationToken);
            Assert.False(cohort.StepRecorded);
        }
        Assert.Equal(0, device.Recorded);
        Parity.AssertMatch(wide[0], Parity.Cpu(data, configs)[0], "unrecorded", Atol, Rtol, 1e-9);
    }

    [Fact]
    public void Steps_of_a_stopped_member_leave_its_weights_alone()
    {
        var data = RandomData.Classes(37, 5, 53, 17, 11);
        using var cohort = Cohort(new EmulatedWideDevice(), data, [Base, Base with { Seed = 8 }]);
        var before = cohort.Parameters(0);
        cohort.Stop(0);
        cohort.RunSteps(3);
        Assert.Equal(before, cohort.Parameters(0));
        Assert.NotEqual(before, cohort.Parameters(1));
    }

    [Fact]
    public void The_layout_is_net_reads()
    {
        var plan = CohortPlan.Of([37, 300, 5], 50, 503, 29, 1);
        var at = WideLayout.Of(plan);
        long r = plan.Rows;
        Assert.Equal(3 * r, at.Xin);
        Assert.Equal(3 * r + r * 37 + 3 * r * 300, at.Mask[0]); // the dropout test's offset in EmulatedKernelTests
        Assert.Equal(at.Drop[0] + r * 300, at.Z[1]);
        Assert.Equal([0L, 37 * 300, 37 * 300 + 300, 37 * 300 + 300 + 300 * 5], [at.Weights[0], at.Biases[0], at.Weights[1], at.Biases[1]]);
        Assert.True(at.Drop[1] + r * 5 <= plan.WorkspaceFloats);
    }

    private static WideCohort Cohort(EmulatedWideDevice device, DataSplits data, IReadOnlyList<TrainConfig> configs) =>
        new(device, data, Upload(device, data.Train), Upload(device, data.Validation), null, configs);

    private static EmulatedSplit Upload(EmulatedWideDevice device, Dataset split)
    {
        var x = device.Allocate<float>((long)split.Count * split.FeatureCount);
        device.Upload(x, split.Features.AsSpan(0, split.Count * split.FeatureCount));
        var targets = split.Count > 0 ? DeviceSplit.TargetRows(split) : [];
        var t = device.Allocate<float>(targets.Length);
        device.Upload(t, targets);
        ulong y = 0;
        if (split.Labels is { } labels)
        {
            var l = device.Allocate<int>(split.Count);
            device.Upload(l, labels.AsSpan(0, split.Count));
            y = l.Pointer;
        }
        return new EmulatedSplit(split.Count, split.Labels is not null, x.Pointer, t.Pointer, y);
    }

    private sealed record EmulatedSplit(int Count, bool HasLabels, ulong X, ulong T, ulong Y) : IDeviceSplit;

    private static (DataSplits, TrainConfig[]) Case(string name) => ParityConfigs.MlpCase(name, Base) ?? name switch
    {
        // three hidden layers; 300 validation examples: a chunk of 256 rows and one of 44
        "three-hidden" => (RandomData.Classes(150, 7, 43, 300, 11),
            [Base with { Hidden = [40, 9, 12], BatchSize = 16, Init = Init.Normal, InitSigma = 0.1, Optimizer = Optimizer.Adam, LearningRate = 0.01 }]),
        // 40 hidden tanh layers, deeper than the fused kernel holds (the wide path is the engine's only one for it)
        "forty-hidden" => (RandomData.Classes(37, 5, 53, 17, 11),
            [Base with { Hidden = [.. Enumerable.Repeat(6, 40)], Optimizer = Optimizer.Adam, LearningRate = 0.01 }]),
        // one layer, no hidden one: softmax regression
        "no-hidden" => (RandomData.Classes(37, 5, 53, 17, 11), [Base with { Hidden = [], Optimizer = Optimizer.Momentum, Momentum = 0.9 }]),
        "regression" => (RandomData.Regression(61, 13, 13),
            [Base with { Hidden = [17], Loss = Loss.Quadratic, OutputActivation = Activation.Identity, BatchSize = 8 }]),
        "early-stopping" => (RandomData.Classes(37, 5, 53, 17, 11),
            [Base with { Epochs = 12, LearningRate = 0.5, EarlyStopping = new EarlyStopping { Patience = 1, Monitor = Harness.Engine.Monitor.ValLoss } }]),
        // member 0's batch loss turns non-finite: it stops before that update while member 1 trains on
        "diverging" => (RandomData.Classes(37, 5, 53, 17, 11),
            [Base with { Activation = Activation.Relu, Loss = Loss.Quadratic, LearningRate = 1e6 }, Base with { Activation = Activation.Relu, Loss = Loss.Quadratic }]),
        _ => throw new ArgumentException($"no case '{name}'"),
    };
}
