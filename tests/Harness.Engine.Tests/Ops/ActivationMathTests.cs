namespace Harness.Engine.Tests.Ops;

/// <summary>
/// The vectorized activation loops against the scalar definition, element by element and bit for bit, on lengths
/// around the 16-float vector (so both the vector body and the scalar tail run) with zeros, NaN and infinities mixed in.
/// </summary>
public sealed class ActivationMathTests
{
    private const float Slope = 0.01f;

    private static float[] Values(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var v = new float[n];
        float[] special = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-39f];
        for (int i = 0; i < n; i++) v[i] = i % 11 == 5 ? special[i % special.Length] : (float)rng.NextGaussian();
        return v;
    }

    private static float Derivative(Activation f, float z, float a, float da) => f switch
    {
        Activation.Sigmoid => da * a * (1f - a),
        Activation.Tanh => da * (1f - a * a),
        Activation.Relu => z > 0 ? da : 0f,
        Activation.LeakyRelu => z > 0 ? da : Slope * da,
        _ => da,
    };

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what} [{i}]: {actual[i]}, expected {expected[i]}");
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Identity)]
    public void Backward_is_the_scalar_derivative_bit_for_bit(Activation f)
    {
        foreach (int n in new[] { 0, 1, 15, 16, 17, 47, 100 })
        {
            var z = Values(n, 1); var a = Values(n, 2); var da = Values(n, 3);
            var expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = Derivative(f, z[i], a[i], da[i]);
            var dz = new float[n];
            ActivationMath.Backward(f, Slope, z, a, da, dz);
            AssertBits(expected, dz, $"{f} n={n}");
            ActivationMath.Backward(f, Slope, z, a, da, da); // in place, as the networks call it
            AssertBits(expected, da, $"{f} n={n} in place");
        }
    }

    [Fact]
    public void Leaky_relu_forward_is_the_scalar_definition_bit_for_bit()
    {
        var z = Values(53, 4);
        var a = new float[z.Length];
        ActivationMath.Forward(Activation.LeakyRelu, Slope, z, a);
        AssertBits([.. z.Select(v => v > 0 ? v : Slope * v)], a, "leaky_relu");
    }
}
