using Harness.Data;
using Harness.Engine;

namespace Harness.Cuda.Tests.Support;

/// <summary>The base configurations the parity tests vary, in the emulator and on the device.</summary>
internal static class ParityConfigs
{
    /// <summary>[33, 17] tanh, softmax cross-entropy, Glorot uniform, SGD 0.05, batch 10, 3 epochs, seed 5: widths off every block size.</summary>
    public static readonly TrainConfig Mlp = new()
    {
        Hidden = [33, 17],
        Activation = Activation.Tanh,
        Loss = Loss.SoftmaxCrossEntropy,
        Init = Init.GlorotUniform,
        Optimizer = Optimizer.Sgd,
        LearningRate = 0.05,
        BatchSize = 10,
        Epochs = 3,
        Seed = 5,
    };

    /// <summary>
    /// <see cref="Mlp"/>'s training on images: conv 4@3x3 same, max pool 2, conv 5@3x3 valid, average pool 2, dense 7;
    /// ReLU, He init.
    /// </summary>
    public static readonly TrainConfig Cnn = Mlp with
    {
        Hidden = [],
        Layers = [new ConvLayer(4, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(5, 3), new PoolLayer(PoolKind.Avg, 2, 2), new DenseLayer(7)],
        Activation = Activation.Relu,
        Init = Init.He,
    };

    /// <summary>
    /// Every optimizer kind, schedules, L1 and L2 (AdamW's decoupled), decay_biases and a second seed and data order,
    /// each a variation of <paramref name="b"/>: one cohort that touches every per-member setting.
    /// </summary>
    public static TrainConfig[] EveryOptimizer(TrainConfig b) =>
    [
        b,
        b with { Optimizer = Optimizer.Momentum, Momentum = 0.8, LearningRate = 0.02, L2 = 1e-3 },
        b with { Optimizer = Optimizer.Nesterov, LearningRate = 0.01, Schedule = Schedule.Step, StepEpochs = 1 },
        b with { Optimizer = Optimizer.Adagrad, L1 = 1e-3, DecayBiases = true },
        b with { Optimizer = Optimizer.RmsProp, LearningRate = 0.002, Rho = 0.95, Schedule = Schedule.Cosine },
        b with { Optimizer = Optimizer.Adam, LearningRate = 0.003, L2 = 1e-2, Seed = 9, ShuffleSeed = 4, DecayBiases = true },
        b with { Optimizer = Optimizer.AdamW, LearningRate = 0.003, L2 = 0.05, Schedule = Schedule.Exponential, DecayRate = 0.7 },
    ];

    /// <summary>
    /// The MLP cases both emulators check against the CPU, each a variation of <paramref name="b"/> on random classes
    /// (37 features, 5 classes, 53 training examples: a short last batch): every optimizer, each loss with its usual
    /// units, the whole split as one batch. Null for another name.
    /// </summary>
    public static (DataSplits Data, TrainConfig[] Configs)? MlpCase(string name, TrainConfig b)
    {
        TrainConfig[]? configs = name switch
        {
            "optimizers" => EveryOptimizer(b),
            "quadratic" => [b with { Loss = Loss.Quadratic, Activation = Activation.Sigmoid, OutputActivation = Activation.Sigmoid, LearningRate = 1.0, Init = Init.StandardNormal }],
            "hinge" => [b with { Loss = Loss.Hinge, Activation = Activation.Relu, OutputActivation = Activation.Tanh, Init = Init.He }],
            "absolute-full-batch" => [b with { Loss = Loss.Absolute, Activation = Activation.LeakyRelu, LeakySlope = 0.1, BatchSize = 0, LearningRate = 0.5, Init = Init.GlorotNormal }],
            "sigmoid-ce" => [b with { Loss = Loss.SigmoidCrossEntropy, Activation = Activation.Identity, Init = Init.Nielsen }],
            _ => null,
        };
        return configs is null ? null : (RandomData.Classes(37, 5, 53, 17, 11), configs);
    }
}
