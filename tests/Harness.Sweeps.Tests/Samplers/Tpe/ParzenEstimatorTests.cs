namespace Harness.Sweeps.Tests.Samplers.Tpe;

public sealed class ParzenEstimatorTests
{
    private static readonly TpeDimension X = new("x", new UniformDistribution(0, 10));

    [Fact]
    public void Sigmas_are_the_larger_neighbour_gap_counting_the_prior_and_the_ends()
    {
        // with the prior's mean 5: sorted 1, 5, 6, 9.5 between the ends 0 and 10; the outer points take their inner gap
        Assert.Equal([4, 3.5, 3.5], Bandwidths.Univariate(X, [1, 9.5, 6], considerEndpoints: false));
        Assert.Equal([4, 3.5, 3.5], Bandwidths.Univariate(X, [1, 9.5, 6], considerEndpoints: true));
        // sorted 3, 5 (prior), 5.5: with the ends 3 -> max(3, 2), 5.5 -> max(0.5, 4.5); without, the inner gaps 2 and 0.5
        Assert.Equal([3, 4.5], Bandwidths.Univariate(X, [3, 5.5], considerEndpoints: true));
        Assert.Equal([2, 0.5], Bandwidths.Univariate(X, [3, 5.5], considerEndpoints: false));
        Assert.Equal([5, 5], Bandwidths.Univariate(X, [0, 10], considerEndpoints: false));
        Assert.Equal([5, 5], Bandwidths.Univariate(X, [0, 10], considerEndpoints: true));
        Assert.Equal([3.0], Bandwidths.Univariate(X, [3], considerEndpoints: true));
        Assert.Equal([2.0], Bandwidths.Univariate(X, [3], considerEndpoints: false));
    }

    [Fact]
    public void Sigmas_are_clipped_to_range_over_min_100_and_kernels_plus_one()
    {
        var tight = new[] { 0.001, 50.0 };
        Bandwidths.Clip(tight, X, observations: 3, magicClip: true); // kernels 4: lower bound 10 / 5
        Assert.Equal([2.0, 10.0], tight);
        var many = new[] { 0.001 };
        Bandwidths.Clip(many, X, observations: 500, magicClip: true); // lower bound 10 / 100
        Assert.Equal([0.1], many);
        var none = new[] { 0.001 };
        Bandwidths.Clip(none, X, observations: 3, magicClip: false);
        Assert.Equal([0.001], none);
    }

    [Fact]
    public void The_prior_kernel_sits_mid_range_with_sigma_range_and_weight_appended()
    {
        var pe = new ParzenEstimator([X], [[2.0], [8.0]], new TpeOptions { PriorWeight = 2.0 });
        Assert.Equal(3, pe.Kernels);
        Assert.Equal([0.25, 0.25, 0.5], pe.KernelWeights);
        Assert.Equal(10.0, pe.Sigmas(0)[2]);
        var empty = new ParzenEstimator([X], [], new TpeOptions());
        Assert.Equal([1.0], empty.KernelWeights);
        Assert.Equal([10.0], empty.Sigmas(0));
    }

    [Fact]
    public void Categorical_kernels_put_one_plus_the_prior_share_on_the_observed_category()
    {
        var c = new TpeDimension("activation", new ChoiceDistribution(["\"relu\"", "\"tanh\"", "\"sigmoid\""]));
        var pe = new ParzenEstimator([c], [[1.0], [1.0]], new TpeOptions());
        // kernels: 3 (two observations + prior), each row prior_weight/3 per category plus 1 at the observation
        double observedRow = (1 + 1.0 / 3) / 2, other = (1.0 / 3) / 2;
        double expected = (observedRow + observedRow + 1.0 / 3) / 3; // mixture weights 1/3 each
        Assert.Equal(Math.Log(expected), pe.LogPdf([1.0]), 12);
        Assert.Equal(Math.Log((other + other + 1.0 / 3) / 3), pe.LogPdf([0.0]), 12);
    }

    [Fact]
    public void Samples_from_a_stepped_log_and_plain_space_stay_in_range()
    {
        TpeDimension[] dims =
        [
            new("w", new IntDistribution(4, 64, Step: 4)),
            new("lr", new LogUniformDistribution(1e-4, 1e-1)),
            new("u", new IntDistribution(1, 1000, Log: true)),
        ];
        var obs = new List<double[]> { new[] { 4.0, Math.Log(1e-4), Math.Log(1) }, new[] { 64.0, Math.Log(0.09), Math.Log(999) } };
        foreach (var multivariate in new[] { false, true })
        {
            var pe = new ParzenEstimator(dims, obs, new TpeOptions { Multivariate = multivariate });
            var rng = new Random(3);
            for (int i = 0; i < 500; i++)
            {
                var x = pe.Sample(rng);
                Assert.InRange(x[0], 4, 64);
                Assert.Equal(0, x[0] % 4);
                Assert.InRange(x[1], Math.Log(1e-4), Math.Log(1e-1));
                Assert.InRange(x[2], Math.Log(0.5), Math.Log(1000.5));
                Assert.True(double.IsFinite(pe.LogPdf(x)));
            }
        }
    }
}
