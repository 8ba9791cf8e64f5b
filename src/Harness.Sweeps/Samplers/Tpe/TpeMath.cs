namespace Harness.Sweeps;

/// <summary>Optuna's TPE defaults as functions: how many trials count as good, and how much each one weighs.</summary>
internal static class TpeMath
{
    /// <summary>Size of the good group l(x) among <paramref name="n"/> finished trials: min(ceil(0.1 n), 25).</summary>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>
    /// Weights of <paramref name="n"/> observations, oldest first: all ones under 25; else the 25 newest weigh 1 and
    /// the n - 25 older ones ramp linearly from 1/n up to 1 (numpy's <c>linspace(1/n, 1, n - 25)</c>).
    /// </summary>
    public static double[] Weights(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var w = new double[n];
        if (n < 25)
        {
            Array.Fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++)
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
        for (int i = ramp; i < n; i++) w[i] = 1.0;
        return w;
    }
}
