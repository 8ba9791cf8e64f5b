using Harness.Cuda.Tests.Support;
using Harness.Data;
using Harness.Engine;

namespace Harness.Cuda.Tests.Device;

/// <summary>
/// Convolutional networks on the CUDA engine against the CPU engine's ConvNet: odd, non-square images with one and
/// two channels, same and valid padding, strides, overlapping max and average pools, flatten, and dense layers on
/// both the thread and the warp path, and augmentation. Members start from the CPU's weights, data order and
/// augmentation draws, so without dropout only float rounding separates them. Skip with the reason where there is no GPU.
/// </summary>
public sealed class CnnParityTests
{
    private const double Atol = 2e-4, Rtol = 2e-3;

    private static readonly TrainConfig Cnn = ParityConfigs.Cnn;

    [Fact]
    public void A_cohort_of_CNNs_with_different_optimizers_matches_each_members_CPU_solo_run()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Images(new ImageShape(1, 13, 12), 5, 103, 29, 31);
        TrainConfig[] configs =
        [
            Cnn,
            Cnn with { Optimizer = Optimizer.Momentum, Momentum = 0.8, LearningRate = 0.02, L2 = 1e-3 },
            Cnn with { Optimizer = Optimizer.Adam, LearningRate = 0.003, L1 = 1e-4, DecayBiases = true, Seed = 9, ShuffleSeed = 4 },
            Cnn with { Optimizer = Optimizer.RmsProp, LearningRate = 0.002, Schedule = Schedule.Cosine },
        ];
        var gpu = Parity.Gpu(engine, data, configs);
        var cpu = Parity.Cpu(data, configs);
        for (int m = 0; m < configs.Length; m++) Parity.AssertMatch(gpu[m], cpu[m], $"CNN member {m} ({configs[m].Optimizer})", Atol, Rtol, 0.03);
    }

    [Fact]
    public void Strides_asymmetric_padding_overlapping_pools_two_channels_and_the_warp_path_match_the_CPU()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Images(new ImageShape(2, 17, 15), 4, 97, 23, 11);
        TrainConfig[] configs =
        [
            Cnn with
            {
                Layers = [new ConvLayer(3, 4, 2, Padding.Same), new PoolLayer(PoolKind.Max, 3, 1), new FlattenLayer(), new DenseLayer(6)],
                Activation = Activation.Tanh, Init = Init.GlorotUniform, Optimizer = Optimizer.Nesterov, Momentum = 0.9, LearningRate = 0.02,
            },
            Cnn with
            {
                Layers = [new ConvLayer(2, 3, 1, Padding.Same), new PoolLayer(PoolKind.Avg, 3, 1), new DenseLayer(5)], // 2x15x13 = 390 dense inputs
                Activation = Activation.Sigmoid, Loss = Loss.Quadratic, OutputActivation = Activation.Sigmoid, LearningRate = 0.5,
            },
        ];
        for (int m = 0; m < configs.Length; m++)
            Parity.AssertMatch(Parity.Gpu(engine, data, [configs[m]])[0], Parity.Cpu(data, [configs[m]])[0], $"CNN case {m}", Atol, Rtol, 0.03);
    }

    [Fact]
    public void Early_stopping_restores_the_best_CNN_and_the_exported_model_evaluates_like_the_CPUs()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Images(new ImageShape(1, 12, 12), 5, 103, 29, 31);
        TrainConfig[] configs = [Cnn with { Epochs = 10, LearningRate = 0.2, EarlyStopping = new EarlyStopping { Patience = 2, Monitor = Harness.Engine.Monitor.ValLoss } }];
        var gpu = Parity.Gpu(engine, data, configs)[0];
        var cpu = Parity.Cpu(data, configs)[0];
        Assert.Equal(cpu.BestEpoch, gpu.BestEpoch);
        Parity.AssertMatch(gpu, cpu, "CNN early stopping", Atol, Rtol, 0.03);
        Assert.Equal(data.Train.Shape, gpu.Model.InputShape);
        var (g, c) = (Evaluator.Evaluate(gpu.Model, data.Test), Evaluator.Evaluate(cpu.Model, data.Test));
        Assert.InRange(Math.Abs(g.Loss - c.Loss), 0, 1e-3 * Math.Abs(c.Loss) + 1e-4);
        Assert.InRange(Math.Abs(g.Accuracy - c.Accuracy), 0, 0.035);
    }

    [Fact]
    public void CNN_members_with_dropout_on_their_dense_layer_train_to_the_CPUs_accuracy_in_distribution()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Images(new ImageShape(1, 10, 10), 4, 1003, 301, 31);
        var configs = Enumerable.Range(1, 4).Select(s => Cnn with { Dropout = 0.3, InputDropout = 0.1, Epochs = 4, Seed = s, Optimizer = Optimizer.Adam, LearningRate = 0.003 }).ToArray();
        var gpu = Parity.Gpu(engine, data, configs).Select(r => r.History[^1].ValidationAccuracy).Average();
        var cpu = Parity.Cpu(data, configs).Select(r => r.History[^1].ValidationAccuracy).Average();
        Assert.InRange(gpu - cpu, -0.05, 0.05);
    }

    [Fact]
    public void Augmented_members_draw_the_CPUs_shifts_rotations_elastic_fields_and_noise_and_match_their_solo_runs()
    {
        using var engine = Needs.Engine();
        var data = RandomData.Images(new ImageShape(1, 14, 13), 5, 103, 29, 31);
        TrainConfig[] configs =
        [
            Cnn with { Augmentation = new Augmentation { Shift = 2, Rotation = 15, Scale = 0.1 } },
            Cnn with { Augmentation = new Augmentation { Shift = 1, ElasticAlpha = 8, ElasticSigma = 2, Noise = 0.1 }, Seed = 8 },
            Cnn,
        ];
        var gpu = Parity.Gpu(engine, data, configs);
        var cpu = Parity.Cpu(data, configs);
        for (int m = 0; m < configs.Length; m++) Parity.AssertMatch(gpu[m], cpu[m], $"augmented member {m}", Atol, Rtol, 0.03);
    }
}
