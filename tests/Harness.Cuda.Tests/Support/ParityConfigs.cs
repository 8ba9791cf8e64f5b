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
}
