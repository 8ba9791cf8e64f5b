using System.Diagnostics;
using Harness.Data;

namespace Harness.Engine.Tests.Training;

/// <summary>The trainer learns: XOR, a 1-D function, and an MNIST subset.</summary>
public sealed class LearningTests
{
    private static DataSplits Same(Dataset d) => new(d, d, d);

    [Fact]
    public void Mlp_learns_xor()
    {
        var xor = Synthetic.Xor();
        var config = new TrainConfig
        {
            Hidden = [4],
            Activation = Activation.Tanh,
            Loss = Loss.SoftmaxCrossEntropy,
            Init = Init.GlorotNormal,
            Optimizer = Optimizer.Sgd,
            LearningRate = 0.5,
            BatchSize = 0,
            Epochs = 500,
            Seed = 3,
        };
        var result = Trainer.Train(config, Same(xor));
        var eval = Evaluator.Evaluate(result.Model, xor);
        Assert.Equal(1.0, eval.Accuracy);
        Assert.True(eval.Loss < 0.1, $"XOR loss {eval.Loss}");
        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        Assert.Equal(500, result.History.Count);
    }

    [Fact]
    public void Mlp_fits_sine_within_mse_bound()
    {
        // y = sin(x) on [-pi, pi]: a [1, 32, 1] tanh net with quadratic cost reaches MSE < 0.002.
        int n = 256;
        var x = new float[n];
        var y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = (float)(-Math.PI + 2 * Math.PI * i / (n - 1)); y[i] = MathF.Sin(x[i]); }
        var data = new Dataset("sin", x, 1, null, 0, y, 1);
        var config = new TrainConfig
        {
            Hidden = [32],
            Activation = Activation.Tanh,
            Loss = Loss.Quadratic,
            OutputActivation = Activation.Identity,
            Init = Init.GlorotUniform,
            Optimizer = Optimizer.Adam,
            LearningRate = 0.01,
            BatchSize = 16,
            Epochs = 300,
            Seed = 1,
        };
        var result = Trainer.Train(config, Same(data));
        double mse = 0;
        for (int i = 0; i < n; i++) { double d = result.Model.Predict([x[i]])[0] - y[i]; mse += d * d; }
        mse /= n;
        Assert.True(mse < 0.002, $"sin MSE {mse}");
        // Loss reported = mean of ½(a − y)², i.e. MSE / 2.
        Assert.Equal(mse / 2, Evaluator.Evaluate(result.Model, data).Loss, 1e-5);
        Assert.True(double.IsNaN(result.History[^1].ValidationAccuracy));
    }

    [Fact]
    public void Mnist_subset_reaches_90_percent_test_accuracy_quickly()
    {
        var (train, test) = Mnist.Load();
        var splits = new DataSplits(train.Slice(0, 10000, "mnist-10k"), train.Slice(50000, 2000, "mnist-val"), test);
        var config = new TrainConfig
        {
            Hidden = [100],
            Activation = Activation.Relu,
            Loss = Loss.SoftmaxCrossEntropy,
            Init = Init.He,
            Optimizer = Optimizer.Sgd,
            LearningRate = 0.1,
            BatchSize = 32,
            Epochs = 5,
            Seed = 7,
        };
        var sw = Stopwatch.StartNew();
        var result = Trainer.Train(config, splits);
        var eval = Evaluator.Evaluate(result.Model, test);
        TestContext.Current.SendDiagnosticMessage($"MNIST 10k x 5 epochs: {sw.Elapsed.TotalSeconds:F2}s, test acc {eval.Accuracy:P2}");
        Assert.True(eval.Accuracy >= 0.90, $"test accuracy {eval.Accuracy}");
        Assert.True(sw.Elapsed.TotalSeconds < 20, $"took {sw.Elapsed.TotalSeconds} s");
        Assert.Equal(10, eval.ConfusionMatrix.Length);
        Assert.Equal(test.Count, eval.ConfusionMatrix.Sum(r => r.Sum()));
    }
}
