namespace Harness.Engine;

/// <summary>
/// The convolutional networks the benchmarks and experiments measure, defined once: LeNet-5-sized
/// (experiments/lenet-cpu.json) and the lecture's TensorFlow CNN (experiments/cnn-mnist.json). Epochs and seeds are
/// left to the caller.
/// </summary>
public static class ReferenceNetworks
{
    /// <summary>c6k5same-p2-c16k5-p2-d120-d84, ReLU, softmax cross-entropy, He init, Adam 1e-3, batch 64.</summary>
    public static readonly TrainConfig LeNet = new()
    {
        Layers = [new ConvLayer(6, 5, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(16, 5), new PoolLayer(PoolKind.Max, 2, 2), new DenseLayer(120), new DenseLayer(84)],
        Activation = Activation.Relu,
        Loss = Loss.SoftmaxCrossEntropy,
        Init = Init.He,
        Optimizer = Optimizer.Adam,
        LearningRate = 0.001,
        BatchSize = 64,
    };

    /// <summary>c32k5same-p2-c64k5same-p2-d1024, ReLU, dropout 0.5, softmax cross-entropy, He init, Adam 1e-4, batch 50.</summary>
    public static readonly TrainConfig LectureCnn = new()
    {
        Layers = [new ConvLayer(32, 5, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(64, 5, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new DenseLayer(1024)],
        Activation = Activation.Relu,
        Dropout = 0.5,
        Loss = Loss.SoftmaxCrossEntropy,
        Init = Init.He,
        Optimizer = Optimizer.Adam,
        LearningRate = 1e-4,
        BatchSize = 50,
    };
}
