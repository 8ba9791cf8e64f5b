using Harness.Data;

namespace Harness.Engine.Tests.Cohorts;

/// <summary>The small datasets the cohort tests train on (the same ones the pinned results were taken on).</summary>
internal static class CohortData
{
    /// <summary>Two spirals, 600 points, stratified 70/15/15.</summary>
    public static DataSplits Spirals() => Splits.Stratified(Synthetic.TwoSpirals(600, 0.1, 3), 0.7, 0.15, 5);

    /// <summary>64 sparse features, 10 classes labelled by a random linear teacher; 1500 examples, stratified 70/15/15.</summary>
    public static DataSplits Teacher()
    {
        var rng = new Rng(9);
        int f = 64, k = 10, n = 1500;
        var w = new float[f * k];
        for (int i = 0; i < w.Length; i++) w[i] = (float)rng.NextGaussian();
        var x = new float[n * f];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < f; j++) x[i * f + j] = rng.NextDouble() < 0.6 ? 0f : (float)rng.NextDouble();
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int j = 0; j < f; j++) s += x[i * f + j] * w[j * k + c];
                if (s > bestScore) { bestScore = s; best = c; }
            }
            y[i] = best;
        }
        return Splits.Stratified(new Dataset("teacher", x, f, y, k), 0.7, 0.15, 5);
    }
}
