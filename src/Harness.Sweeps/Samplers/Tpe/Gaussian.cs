using MathNet.Numerics;

namespace Harness.Sweeps;

/// <summary>
/// Standard normal functions in log space, accurate far into the tails (as Optuna's <c>_truncnorm</c> is), so a
/// kernel 100 bandwidths away from a bound still gets a finite log density. Erfc and its inverse come from
/// Math.NET Numerics; the far tail uses the asymptotic series and Newton steps.
/// </summary>
internal static class Gaussian
{
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double Sqrt2 = Math.Sqrt(2);

    /// <summary>log φ(x), the log density of N(0, 1).</summary>
    public static double LogPdf(double x) => -0.5 * x * x - LogSqrt2Pi;

    /// <summary>log Φ(x), the log of the standard normal CDF.</summary>
    public static double LogCdf(double x)
    {
        if (x > 0) return Log1p(-0.5 * SpecialFunctions.Erfc(x / Sqrt2));
        if (x > -20) return Math.Log(0.5 * SpecialFunctions.Erfc(-x / Sqrt2));
        // Asymptotic series: Φ(x) = φ(x)/(-x) * (1 - 1/x² + 3/x⁴ - 15/x⁶ + 105/x⁸).
        double z = 1 / (x * x);
        double series = 1 - z * (1 - 3 * z * (1 - 5 * z * (1 - 7 * z)));
        return LogPdf(x) - Math.Log(-x) + Math.Log(series);
    }

    /// <summary>log(Φ(b) - Φ(a)) for a &lt; b, computed on the side of zero where it does not cancel.</summary>
    public static double LogMass(double a, double b)
    {
        if (b <= 0) return LogDiff(LogCdf(b), LogCdf(a));
        if (a > 0) return LogDiff(LogCdf(-a), LogCdf(-b));
        // The interval holds 0: 1 - Φ(a) - Φ(-b), both terms at most 1/2.
        double left = 0.5 * SpecialFunctions.Erfc(-a / Sqrt2), right = 0.5 * SpecialFunctions.Erfc(b / Sqrt2);
        return Log1p(-left - right);
    }

    /// <summary>x with log Φ(x) = <paramref name="logP"/> (logP &lt;= 0).</summary>
    public static double InverseLogCdf(double logP)
    {
        if (logP >= 0) return double.PositiveInfinity;
        if (logP > -Math.Log(2)) return Sqrt2 * SpecialFunctions.ErfcInv(-2 * Expm1(logP)); // Φ(x) > 1/2: x = -Φ⁻¹(1 - p)
        if (logP > -600) return -Sqrt2 * SpecialFunctions.ErfcInv(2 * Math.Exp(logP));
        // Far tail: start from log Φ(x) ~ -x²/2 - log(-x √(2π)) and refine with Newton steps on log Φ.
        double x = -Math.Sqrt(-2 * logP);
        for (int i = 0; i < 50; i++)
        {
            double f = LogCdf(x) - logP;
            double slope = Math.Exp(LogPdf(x) - LogCdf(x)); // d log Φ / dx = φ/Φ
            double step = f / slope;
            x -= step;
            if (Math.Abs(step) < 1e-12 * Math.Max(1, Math.Abs(x))) break;
        }
        return x;
    }

    /// <summary>log(exp(p) - exp(q)) for p &gt;= q.</summary>
    private static double LogDiff(double p, double q) =>
        q == double.NegativeInfinity ? p : p + Math.Log(-Expm1(q - p));

    /// <summary>log(1 + x), accurate for small x (Goldberg's correction).</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) - 1, accurate for small x (Kahan's correction).</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        if (u - 1 == -1) return -1;
        return (u - 1) * x / Math.Log(u);
    }
}
