namespace Harness.Sweeps.Tests.Samplers.Tpe;

public sealed class TpeMathTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    [InlineData(249, 25)]
    [InlineData(1000, 25)]
    public void Gamma_is_ceil_of_a_tenth_capped_at_25(int n, int expected) => Assert.Equal(expected, TpeMath.Gamma(n));

    [Fact]
    public void Weights_are_ones_under_25()
    {
        Assert.Empty(TpeMath.Weights(0));
        Assert.All(TpeMath.Weights(24), w => Assert.Equal(1.0, w));
    }

    [Fact]
    public void Weights_ramp_linearly_over_the_older_ones_from_25_on()
    {
        Assert.All(TpeMath.Weights(25), w => Assert.Equal(1.0, w));
        Assert.Equal([1.0 / 26], TpeMath.Weights(26)[..1]); // numpy: linspace(1/26, 1, 1) == [1/26]
        var w = TpeMath.Weights(30); // ramp of 5: 1/30 .. 1 in equal steps, then 25 ones
        double step = (1 - 1.0 / 30) / 4;
        for (int i = 0; i < 5; i++) Assert.Equal(1.0 / 30 + i * step, w[i], 12);
        Assert.All(w[5..], x => Assert.Equal(1.0, x));
        Assert.Equal(30, w.Length);
    }
}
