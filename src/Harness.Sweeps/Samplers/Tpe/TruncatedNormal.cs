namespace Harness.Sweeps;

/// <summary>
/// The normal N(mu, sigma²) truncated to [low, high]: inverse-CDF sampling and log density, in log space
/// (Optuna's <c>_truncnorm.ppf</c> and <c>logpdf</c>). The discrete form is the mass of one grid cell
/// [x - step/2, x + step/2] of the normal truncated to [low - step/2, high + step/2].
/// </summary>
internal static class TruncatedNormal
{
    /// <summary>The q-quantile (0 &lt; q &lt; 1) of N(mu, sigma²) truncated to [low, high]; always within the bounds.</summary>
    public static double Quantile(double q, double mu, double sigma, double low, double high)
    {
        double a = (low - mu) / sigma, b = (high - mu) / sigma;
        double logMass = Gaussian.LogMass(a, b);
        double x = a < 0
            ? Gaussian.InverseLogCdf(LogSum(Gaussian.LogCdf(a), Math.Log(q) + logMass))
            : -Gaussian.InverseLogCdf(LogSum(Gaussian.LogCdf(-b), Gaussian.Log1p(-q) + logMass));
        return Math.Clamp(mu + sigma * x, low, high);
    }

    /// <summary>One draw: the quantile of a uniform number.</summary>
    public static double Sample(Random rng, double mu, double sigma, double low, double high) =>
        Quantile(Uniform01(rng), mu, sigma, low, high);

    /// <summary>log density at x in [low, high].</summary>
    public static double LogPdf(double x, double mu, double sigma, double low, double high) =>
        Gaussian.LogPdf((x - mu) / sigma) - Math.Log(sigma) - Gaussian.LogMass((low - mu) / sigma, (high - mu) / sigma);

    /// <summary>log probability of the grid value x (low, low+step, ..., high) under the discretised kernel.</summary>
    public static double LogMassOnGrid(double x, double mu, double sigma, double low, double high, double step)
    {
        double half = step / 2;
        return Gaussian.LogMass((x - half - mu) / sigma, (x + half - mu) / sigma)
             - Gaussian.LogMass((low - half - mu) / sigma, (high + half - mu) / sigma);
    }

    /// <summary>A uniform number in the open interval (0, 1).</summary>
    public static double Uniform01(Random rng)
    {
        double u;
        do u = rng.NextDouble(); while (u == 0);
        return u;
    }

    private static double LogSum(double p, double q)
    {
        double m = Math.Max(p, q);
        return double.IsNegativeInfinity(m) ? m : m + Math.Log(Math.Exp(p - m) + Math.Exp(q - m));
    }
}
