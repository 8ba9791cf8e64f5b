using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Network;

/// <summary>Backprop against central differences (tolerances in <see cref="GradientChecker"/>).</summary>
public sealed class GradientCheckTests
{
    private static readonly Activation[] Activations = [Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Identity];
    private static readonly Loss[] Losses = [Loss.Quadratic, Loss.Absolute, Loss.SoftmaxCrossEntropy, Loss.SigmoidCrossEntropy, Loss.Hinge];
    private static readonly (double L2, double L1)[] Regularizers = [(0, 0), (0.1, 0), (0, 0.05), (0.1, 0.05)];

    public static TheoryData<Activation, Loss> Combinations()
    {
        var data = new TheoryData<Activation, Loss>();
        foreach (var a in Activations) foreach (var l in Losses) data.Add(a, l);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Backprop_matches_central_differences_for_every_regularizer(Activation activation, Loss loss)
    {
        foreach (var (l2, l1) in Regularizers)
            foreach (bool decayBiases in new[] { false, true })
            {
                // [3, 5, 4, 3]: two hidden layers so the chain through a hidden activation is checked twice.
                var config = new TrainConfig
                {
                    Hidden = [5, 4],
                    Activation = activation,
                    OutputActivation = activation,
                    LeakySlope = 0.1,
                    Loss = loss,
                    L2 = l2,
                    L1 = l1,
                    DecayBiases = decayBiases,
                };
                var net = new TinyNet(config, inputs: 3, outputs: 3, batch: 4, seed: 11);
                var result = new GradientChecker().Check(net.Parameters, net.Loss, net.Gradient);
                Assert.True(result.Passed, $"{activation}/{loss} l2={l2} l1={l1} biases={decayBiases}: {result}");
                Assert.True(result.Kinks <= result.Checked / 10, $"too many kinks: {result}");
            }
    }

    [Theory]
    [InlineData(Activation.Sigmoid, Loss.Quadratic)]
    [InlineData(Activation.Relu, Loss.SoftmaxCrossEntropy)]
    [InlineData(Activation.Tanh, Loss.SigmoidCrossEntropy)]
    public void Backprop_matches_with_a_fixed_dropout_mask(Activation activation, Loss loss)
    {
        var config = new TrainConfig
        {
            Hidden = [6, 5],
            Activation = activation,
            OutputActivation = Activation.Sigmoid,
            Loss = loss,
            Dropout = 0.4,
            InputDropout = 0.25,
            L2 = 0.01,
        };
        var net = new TinyNet(config, inputs: 4, outputs: 3, batch: 5, seed: 5);
        var result = new GradientChecker().Check(net.Parameters, net.Loss, net.Gradient);
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.Checked > net.Parameters.Length * 9 / 10, result.ToString());
        // The masks really drop units: the dropout loss differs from the full network's.
        var noDrop = new TinyNet(config with { Dropout = 0, InputDropout = 0 }, 4, 3, 5, seed: 5);
        Assert.NotEqual(noDrop.Loss(noDrop.Parameters), net.Loss(net.Parameters), 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Backprop_matches_for_odd_widths_and_batch_sizes(int batch)
    {
        // Widths that leave remainders in every kernel block (4 rows, 16-float vectors, 32-float chunks).
        var config = new TrainConfig { Hidden = [33, 17], Activation = Activation.Tanh, Loss = Loss.SoftmaxCrossEntropy, Dropout = 0.2, InputDropout = 0.1 };
        var net = new TinyNet(config, inputs: 20, outputs: 4, batch: batch, seed: 8);
        var result = new GradientChecker().Check(net.Parameters, net.Loss, net.Gradient);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void AdamW_weight_decay_stays_out_of_the_gradient_and_loss()
    {
        // AdamW decays decoupled inside the optimizer: the engine adds neither L2's gradient nor its penalty, but L1 still applies.
        var plain = new TinyNet(new TrainConfig { Hidden = [4], Optimizer = Optimizer.AdamW, L1 = 0.01 }, 3, 2, 4, seed: 1);
        var decayed = new TinyNet(new TrainConfig { Hidden = [4], Optimizer = Optimizer.AdamW, L1 = 0.01, L2 = 0.5 }, 3, 2, 4, seed: 1);
        var adam = new TinyNet(new TrainConfig { Hidden = [4], Optimizer = Optimizer.Adam, L1 = 0.01, L2 = 0.5 }, 3, 2, 4, seed: 1);
        Assert.Equal(plain.Gradient(plain.Parameters), decayed.Gradient(decayed.Parameters));
        Assert.Equal(plain.Loss(plain.Parameters), decayed.Loss(decayed.Parameters));
        Assert.NotEqual(plain.Gradient(plain.Parameters), adam.Gradient(adam.Parameters));
        Assert.True(new GradientChecker().Check(decayed.Parameters, decayed.Loss, decayed.Gradient).Passed);
    }

    [Fact]
    public void Checker_catches_a_wrong_sigmoid_derivative()
    {
        var config = new TrainConfig { Hidden = [5], Activation = Activation.Sigmoid, Loss = Loss.SoftmaxCrossEntropy };
        var good = new TinyNet(config, 3, 3, 4, seed: 2);
        Assert.True(new GradientChecker().Check(good.Parameters, good.Loss, good.Gradient).Passed);

        var bad = new TinyNet(config, 3, 3, 4, seed: 2, ops: new WrongSigmoidDerivativeOps());
        var result = new GradientChecker().Check(bad.Parameters, bad.Loss, bad.Gradient);
        Assert.False(result.Passed);
        // Only the first layer's parameters sit behind the hidden sigmoid: exactly those are flagged.
        var firstLayer = bad.Spec.Layout.Biases(0).End.Value;
        Assert.All(result.Mismatches, m => Assert.True(m.Index < firstLayer, $"index {m.Index}"));
        Assert.True(result.Mismatches.Count > firstLayer / 2, result.ToString());
    }

    [Fact]
    public void Checker_catches_a_gradient_off_by_a_factor()
    {
        var config = new TrainConfig { Hidden = [4], Activation = Activation.Tanh, Loss = Loss.Quadratic };
        var net = new TinyNet(config, 2, 2, 3, seed: 9);
        var result = new GradientChecker().Check(net.Parameters, net.Loss, p => [.. net.Gradient(p).Select(g => g * 1.05f)]);
        Assert.False(result.Passed);
    }

    /// <summary>CpuOps with sigmoid' = a instead of a(1 − a) (a deliberate bug).</summary>
    private sealed class WrongSigmoidDerivativeOps : IOps
    {
        private readonly CpuOps _inner = new(1);
        public void LinearForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, int batch, int input, int output) => _inner.LinearForward(x, w, b, y, batch, input, output);
        public void LinearBackwardParameters(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int batch, int input, int output) => _inner.LinearBackwardParameters(dy, x, dw, db, batch, input, output);
        public void LinearBackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int batch, int input, int output) => _inner.LinearBackwardInput(dy, w, dx, batch, input, output);
        public void ActivationForward(Activation f, float leakySlope, ReadOnlySpan<float> z, Span<float> a) => _inner.ActivationForward(f, leakySlope, z, a);
        public void ActivationBackward(Activation f, float leakySlope, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> da, Span<float> dz)
        {
            if (f != Activation.Sigmoid) { _inner.ActivationBackward(f, leakySlope, z, a, da, dz); return; }
            for (int i = 0; i < da.Length; i++) dz[i] = da[i] * a[i];
        }
        public void OutputForward(LossSpec loss, ReadOnlySpan<float> z, Span<float> a, int batch, int classes) => _inner.OutputForward(loss, z, a, batch, classes);
        public double Loss(LossSpec loss, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> t, Span<float> dz, int batch, int classes, float scale) => _inner.Loss(loss, z, a, t, dz, batch, classes, scale);
        public void DropoutMask(float rate, ref Rng rng, Span<float> mask) => _inner.DropoutMask(rate, ref rng, mask);
        public void ApplyMask(Span<float> x, ReadOnlySpan<float> mask) => _inner.ApplyMask(x, mask);
        public void RegularizerGradient(ReadOnlySpan<float> p, Span<float> g, float l2, float l1) => _inner.RegularizerGradient(p, g, l2, l1);
        public double RegularizerPenalty(ReadOnlySpan<float> p, float l2, float l1) => _inner.RegularizerPenalty(p, l2, l1);
        public void Argmax(ReadOnlySpan<float> a, Span<int> predicted, int batch, int classes) => _inner.Argmax(a, predicted, batch, classes);
    }
}
