namespace Harness.Sweeps.Tests.Samplers.Tpe;

public sealed class TruncatedNormalTests
{
    [Theory]
    [InlineData(0.5, 0.2, 0.0, 1.0)]
    [InlineData(50.0, 0.1, 0.0, 1.0)]     // the kernel sits 490 sigmas above the range
    [InlineData(-30.0, 0.5, -1.0, 2.0)]
    [InlineData(0.0, 100.0, -1e-3, 1e-3)]
    public void Samples_stay_in_range_even_far_from_the_mean(double mu, double sigma, double low, double high)
    {
        var rng = new Random(1);
        for (int i = 0; i < 2000; i++)
        {
            double x = TruncatedNormal.Sample(rng, mu, sigma, low, high);
            Assert.InRange(x, low, high);
            Assert.True(double.IsFinite(TruncatedNormal.LogPdf(x, mu, sigma, low, high)));
        }
    }

    [Fact]
    public void A_kernel_far_above_the_range_piles_its_samples_at_the_top()
    {
        var rng = new Random(2);
        var xs = Enumerable.Range(0, 1000).Select(_ => TruncatedNormal.Sample(rng, 50, 1, 0, 1)).ToList();
        Assert.True(xs.Average() > 0.95, $"mean {xs.Average()}");
    }

    [Fact]
    public void Quantiles_match_the_plain_normal_when_the_bounds_are_far()
    {
        Assert.Equal(1.959963984540054, TruncatedNormal.Quantile(0.975, 0, 1, -1e3, 1e3), 1e-9);
        Assert.Equal(3 - 2 * 1.959963984540054, TruncatedNormal.Quantile(0.025, 3, 2, -1e3, 1e3), 1e-9);
        // truncated to [0, inf): the median of a half-normal is 0.6744897501960817
        Assert.Equal(0.6744897501960817, TruncatedNormal.Quantile(0.5, 0, 1, 0, 1e3), 1e-9);
    }

    [Fact]
    public void The_density_integrates_to_one_over_the_range()
    {
        foreach (var (mu, sigma) in new[] { (0.3, 0.1), (2.0, 0.5), (-0.5, 3.0) })
        {
            const int n = 20000;
            double sum = 0, h = 1.0 / n;
            for (int i = 0; i < n; i++) sum += Math.Exp(TruncatedNormal.LogPdf((i + 0.5) * h, mu, sigma, 0, 1)) * h;
            Assert.Equal(1.0, sum, 1e-4);
        }
    }

    [Fact]
    public void The_discrete_masses_over_the_grid_sum_to_one()
    {
        double total = 0;
        for (int v = 4; v <= 64; v += 4) total += Math.Exp(TruncatedNormal.LogMassOnGrid(v, 70, 6, 4, 64, 4));
        Assert.Equal(1.0, total, 1e-9);
    }
}
