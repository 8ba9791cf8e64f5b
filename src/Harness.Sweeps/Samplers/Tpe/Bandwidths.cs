namespace Harness.Sweeps;

/// <summary>Kernel bandwidths of a numeric dimension (Optuna's univariate rule and "magic clip").</summary>
internal static class Bandwidths
{
    /// <summary>
    /// Each observation's σ is the larger gap to its neighbours among the observations, the prior's mean (the
    /// middle of the range) and the two ends (low - step/2, high + step/2). Without <paramref name="considerEndpoints"/>,
    /// the lowest and highest points take the gap on their inner side instead.
    /// </summary>
    public static double[] Univariate(TpeDimension dim, IReadOnlyList<double> mus, bool considerEndpoints)
    {
        int n = mus.Count;
        double half = (dim.Step ?? 0) / 2;
        var withPrior = mus.Append(0.5 * (dim.Low + dim.High)).ToArray();
        var order = Enumerable.Range(0, n + 1).OrderBy(i => withPrior[i]).ToArray();
        var s = new double[n + 3];
        s[0] = dim.Low - half;
        for (int i = 0; i <= n; i++) s[i + 1] = withPrior[order[i]];
        s[^1] = dim.High + half;
        var sorted = new double[n + 1];
        for (int i = 0; i <= n; i++) sorted[i] = Math.Max(s[i + 1] - s[i], s[i + 2] - s[i + 1]);
        if (!considerEndpoints && s.Length >= 4)
        {
            sorted[0] = s[2] - s[1];
            sorted[^1] = s[^2] - s[^3];
        }
        var sigmas = new double[n + 1];
        for (int i = 0; i <= n; i++) sigmas[order[i]] = sorted[i];
        return sigmas[..n];
    }

    /// <summary>
    /// Clips in place to [range / min(100, 1 + kernels), range], kernels = observations + the prior; without
    /// <paramref name="magicClip"/> the lower bound is 1e-12.
    /// </summary>
    public static void Clip(double[] sigmas, TpeDimension dim, int observations, bool magicClip)
    {
        double max = dim.Range;
        double min = magicClip ? dim.Range / Math.Min(100.0, 1.0 + observations + 1) : 1e-12;
        for (int i = 0; i < sigmas.Length; i++) sigmas[i] = Math.Clamp(sigmas[i], min, max);
    }
}
