namespace Harness.Sweeps.Tests.Samplers.Tpe;

public sealed class GaussianTests
{
    [Theory]
    [InlineData(0.0, -0.6931471805599453)]
    [InlineData(-3.0, -6.6077262215103505)]   // log(0.0013498980316301)
    [InlineData(-40.0, -804.6084420137538)]   // scipy.special.log_ndtr(-40)
    [InlineData(5.0, -2.866516129637636e-07)]
    public void Log_cdf_matches_reference_values_into_the_far_tail(double x, double expected) =>
        Assert.Equal(expected, Gaussian.LogCdf(x), Math.Abs(expected) * 1e-9 + 1e-15);

    [Theory]
    [InlineData(-60.0)]
    [InlineData(-25.0)]
    [InlineData(-5.0)]
    [InlineData(0.3)]
    [InlineData(4.0)]
    public void Inverse_log_cdf_undoes_log_cdf(double x) =>
        Assert.Equal(x, Gaussian.InverseLogCdf(Gaussian.LogCdf(x)), 1e-8 * Math.Max(1, Math.Abs(x)));

    [Fact]
    public void Log_mass_is_finite_and_right_far_from_zero()
    {
        Assert.Equal(Math.Log(0.6826894921370859), Gaussian.LogMass(-1, 1), 1e-12);
        // [30, 31] and [-31, -30] have the same mass; both are tiny but finite.
        double right = Gaussian.LogMass(30, 31), left = Gaussian.LogMass(-31, -30);
        Assert.True(double.IsFinite(right));
        Assert.Equal(right, left, 1e-9);
        Assert.Equal(Gaussian.LogCdf(-30), right, 1e-6); // nearly all the tail's mass lies in [30, 31]
    }
}
