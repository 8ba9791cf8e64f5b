using Harness.Cli.Commands;
using Harness.Engine;

namespace Harness.Cli.Tests;

[Collection(nameof(ConsoleCollection))]
public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("--config", "resnet", "--config: 'resnet' is not a reference configuration; allowed: all, nielsen, relu100, lenet")]
    [InlineData("--train-limit", "10", "--train-limit: 10 must be >= 100")]
    [InlineData("--epochs", "1", "--epochs: 1 must be >= 2")]
    [InlineData("--threads", "-2", "--threads: -2 must be >= 0")]
    public void Bad_values_exit_2_before_loading_data(string option, string value, string expected)
    {
        var (exit, output, err) = CliHarness.Run("bench", option, value, "--data-dir", "/nonexistent-mnist");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains(expected, err);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--train-limit", "1000")]
    [InlineData("--epochs", "3")]
    [InlineData("--threads", "1")]
    public void A_CPU_only_option_with_the_CUDA_engine_exits_2_naming_it(string option, string value)
    {
        var (exit, output, err) = CliHarness.Run("bench", "--engine", "cuda", option, value, "--data-dir", "/nonexistent-mnist");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"{option}: applies to the CPU reference configurations only", err);
        Assert.Equal("", output);
    }

    [Fact]
    public void Reference_configurations_are_the_documented_ones()
    {
        var nielsen = BenchCommand.References.Single(r => r.Name == "nielsen");
        Assert.Equal([30], nielsen.Config.Hidden);
        Assert.Equal((Activation.Sigmoid, Activation.Sigmoid, Loss.Quadratic, Init.StandardNormal), (nielsen.Config.Activation, nielsen.Config.OutputActivation, nielsen.Config.Loss, nielsen.Config.Init));
        Assert.Equal((Optimizer.Sgd, 3.0, 10), (nielsen.Config.Optimizer, nielsen.Config.LearningRate, nielsen.Config.BatchSize));
        Assert.Equal(1.07, nielsen.PeerSecondsPerEpoch);

        var relu = BenchCommand.References.Single(r => r.Name == "relu100");
        Assert.Equal([100], relu.Config.Hidden);
        Assert.Equal((Activation.Relu, Loss.SoftmaxCrossEntropy, Optimizer.Sgd, 0.1, 64), (relu.Config.Activation, relu.Config.Loss, relu.Config.Optimizer, relu.Config.LearningRate, relu.Config.BatchSize));
        Assert.Equal(0.31, relu.PeerSecondsPerEpoch);
        Assert.All(BenchCommand.References, r => Assert.Empty(ConfigValidator.Validate(r.Config)));

        var lenet = BenchCommand.References.Single(r => r.Name == "lenet");
        Assert.Equal("c6k5same-p2-c16k5-p2-d120-d84", LayerSpec.LabelOf(lenet.Config.Layers!));
        Assert.True(double.IsNaN(lenet.PeerSecondsPerEpoch)); // no peer measured for the CNN
    }

    [Fact]
    public void Seconds_per_epoch_is_the_median_after_the_first_epoch()
    {
        static EpochMetrics E(int epoch, double s) => new(epoch, 0, 0, 0, 0, 0.1, s);
        Assert.Equal(2.0, BenchCommand.MedianAfterFirst([E(1, 99), E(2, 3), E(3, 1), E(4, 2)]));
        Assert.Equal(1.5, BenchCommand.MedianAfterFirst([E(1, 99), E(2, 2), E(3, 1)]));
        Assert.Throws<ArgumentException>(() => BenchCommand.MedianAfterFirst([E(1, 1)]));
    }
}
