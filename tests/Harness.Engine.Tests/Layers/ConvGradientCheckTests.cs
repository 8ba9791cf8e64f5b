using Harness.Data;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Layers;

/// <summary>
/// Backprop through convolution, pooling and flatten layers against central differences (tolerances in
/// <see cref="GradientChecker"/>), on odd image sizes, strides and both paddings, and checks that the checker
/// rejects a wrong convolution or pooling derivative.
/// </summary>
public sealed class ConvGradientCheckTests
{
    private static LayerSpec Conv(int filters, int size, int stride = 1, Padding padding = Padding.Valid) => new ConvLayer(filters, size, stride, padding);
    private static LayerSpec Max(int size, int stride) => new PoolLayer(PoolKind.Max, size, stride);
    private static LayerSpec Avg(int size, int stride) => new PoolLayer(PoolKind.Avg, size, stride);

    public static TheoryData<string, int, int, int, LayerSpec[]> Geometries => new()
    {
        // name, channels, height, width, layers
        { "conv3 valid on 7x6, 2 channels", 2, 7, 6, [Conv(3, 3)] },
        { "conv4 stride 2 same on 7x7 (uneven padding)", 1, 7, 7, [Conv(2, 4, 2, Padding.Same)] },
        { "conv3 stride 2 valid on 8x9, 3 channels", 3, 8, 9, [Conv(2, 3, 2)] },
        { "conv5 same then max pool 2 leaving a remainder", 1, 7, 9, [Conv(3, 5, 1, Padding.Same), Max(2, 2)] },
        { "overlapping max pool 3 stride 2", 2, 9, 7, [Conv(2, 2), Max(3, 2)] },
        { "overlapping avg pool 2 stride 1", 1, 6, 5, [Conv(3, 3, 1, Padding.Same), Avg(2, 1)] },
        { "pooling first, then conv", 2, 8, 8, [Avg(2, 2), Conv(3, 3)] },
        { "two convs, pools, flatten, dense", 1, 12, 11, [Conv(3, 3, 1, Padding.Same), Max(2, 2), Conv(4, 3), Avg(2, 2), new FlattenLayer(), new DenseLayer(5)] },
        { "kernel as large as the input", 2, 5, 5, [Conv(3, 5)] },
        { "1x1 kernels", 3, 4, 5, [Conv(4, 1)] },
        // multiples of 16 filters take the forward product's other form (rows of wᵀ, Gemm.CombineRows)
        { "16 filters same on 6x5, 2 channels", 2, 6, 5, [Conv(16, 3, 1, Padding.Same)] },
        { "32 filters stride 2, then 16 filters", 1, 9, 8, [Conv(32, 3, 2), Conv(16, 2)] },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backprop_matches_central_differences(string name, int channels, int height, int width, LayerSpec[] layers)
    {
        foreach (int batch in new[] { 1, 3 })
        {
            var config = new TrainConfig { Layers = layers, Activation = Activation.Tanh, Loss = Loss.SoftmaxCrossEntropy };
            var net = Net(config, new ImageShape(channels, height, width), outputs: 3, batch, seed: 4);
            var result = new GradientChecker().Check(net.Parameters, net.Loss, net.Gradient);
            Assert.True(result.Passed, $"{name}, batch {batch}: {result}");
            Assert.True(result.Checked >= net.Parameters.Length * 9 / 10, $"{name}: {result}");
        }
    }

    [Theory]
    [InlineData(Activation.Relu, Loss.SoftmaxCrossEntropy)]
    [InlineData(Activation.Sigmoid, Loss.Quadratic)]
    [InlineData(Activation.LeakyRelu, Loss.SigmoidCrossEntropy)]
    public void Backprop_matches_with_dropout_input_dropout_l2_and_l1(Activation activation, Loss loss)
    {
        var config = new TrainConfig
        {
            Layers = [Conv(3, 3, 1, Padding.Same), Max(2, 2), new DenseLayer(6)],
            Activation = activation,
            OutputActivation = Activation.Sigmoid,
            LeakySlope = 0.1,
            Loss = loss,
            Dropout = 0.3,
            InputDropout = 0.2,
            L2 = 0.02,
            L1 = 0.01,
            DecayBiases = true,
        };
        var net = Net(config, new ImageShape(2, 6, 7), outputs: 3, batch: 3, seed: 6);
        var result = new GradientChecker().Check(net.Parameters, net.Loss, net.Gradient);
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.Kinks <= result.Checked / 5, $"too many kinks: {result}");
        var noDrop = Net(config with { Dropout = 0, InputDropout = 0 }, new ImageShape(2, 6, 7), 3, 3, seed: 6);
        Assert.NotEqual(noDrop.Loss(noDrop.Parameters), net.Loss(net.Parameters), 6);
    }

    [Fact]
    public void Checker_catches_a_flipped_kernel_gradient()
    {
        var config = new TrainConfig { Layers = [Conv(2, 3)], Activation = Activation.Tanh };
        var net = Net(config, new ImageShape(1, 6, 6), outputs: 2, batch: 2, seed: 3);
        // The true gradient with each 3x3 filter's gradient rotated by 180 degrees: the error a transposed im2col makes.
        float[] Flipped(float[] p)
        {
            var g = net.Gradient(p);
            var w = net.Spec.Layout.Weights(0);
            var copy = g[w].ToArray();
            for (int f = 0; f < 2; f++)
                for (int i = 0; i < 9; i++) g[w.Start.Value + f * 9 + i] = copy[f * 9 + 8 - i];
            return g;
        }
        var result = new GradientChecker().Check(net.Parameters, net.Loss, Flipped);
        Assert.False(result.Passed);
        Assert.All(result.Mismatches, m => Assert.True(m.Index < 18, $"index {m.Index} outside the conv weights"));
    }

    [Fact]
    public void Checker_catches_an_average_pool_derivative_used_for_a_max_pool()
    {
        var shape = new ImageShape(1, 6, 6);
        var max = Net(new TrainConfig { Layers = [Conv(2, 3, 1, Padding.Same), Max(2, 2)], Activation = Activation.Tanh }, shape, 2, 2, seed: 8);
        var avg = Net(new TrainConfig { Layers = [Conv(2, 3, 1, Padding.Same), Avg(2, 2)], Activation = Activation.Tanh }, shape, 2, 2, seed: 8);
        Assert.True(new GradientChecker().Check(max.Parameters, max.Loss, max.Gradient).Passed);
        var result = new GradientChecker().Check(max.Parameters, max.Loss, avg.Gradient);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        var config = new TrainConfig { Layers = [Conv(5, 3, 1, Padding.Same), Max(2, 2), Conv(16, 3), new DenseLayer(7)], Activation = Activation.Relu, Dropout = 0.2 };
        var shape = new ImageShape(2, 11, 10);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var net = Net(config, shape, outputs: 4, batch: 9, seed: 2, new CpuOps(threads));
            var g = net.Gradient(net.Parameters);
            first ??= g;
            Assert.Equal(first, g);
        }
    }

    // Weights N(0, 0.35²): a convolution's shared weights feed every position, so with TinyNet's N(0, 1) unbounded
    // activations (relu family) reach losses of 10-20, where float rounding alone exceeds the checker's tolerance.
    private static TinyNet Net(TrainConfig config, ImageShape shape, int outputs, int batch, int seed, IOps? ops = null)
    {
        var net = new TinyNet(config, shape.Size, outputs, batch, seed, ops, shape);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] *= 0.35f;
        return net;
    }
}
