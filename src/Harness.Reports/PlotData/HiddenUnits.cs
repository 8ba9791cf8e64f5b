namespace Harness.Reports.PlotData;

/// <summary>A histogram: Counts[i] values fell in [Edges[i], Edges[i+1]) (the last bin includes its right edge).</summary>
public sealed record Histogram(double[] Edges, int[] Counts);

/// <summary>
/// Diagnostics of one hidden layer over a sample of examples.
/// Sparsity: fraction of activations with |a| &lt;= Threshold. DeadFraction: units with |a| &lt;= Threshold on
/// every example. Correlation[i, j]: Pearson correlation of units i and j over the examples (NaN when either is
/// constant); MeanAbsCorrelation averages |r| over distinct pairs with a defined r.
/// </summary>
public sealed record HiddenLayerDiagnostics(int Layer, int Width, int Examples, Histogram Histogram, double Sparsity,
    double DeadFraction, double[,] Correlation, double MeanAbsCorrelation);

public static class HiddenUnits
{
    /// <summary>Equal-width histogram of values over [min, max] (a degenerate range becomes [v - 0.5, v + 0.5]).</summary>
    public static Histogram MakeHistogram(ReadOnlySpan<float> values, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (values.Length == 0) { lo = 0; hi = 1; }
        if (lo == hi) { lo -= 0.5; hi += 0.5; }
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        var counts = new int[bins];
        foreach (var v in values)
        {
            int b = (int)((v - lo) / (hi - lo) * bins);
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        return new Histogram(edges, counts);
    }

    /// <summary>
    /// Diagnoses one layer from its activations, n x width row-major (n examples). Correlation uses at most
    /// <paramref name="maxUnits"/> units (the first ones) to keep the matrix readable.
    /// </summary>
    public static HiddenLayerDiagnostics Diagnose(int layer, float[] activations, int width, int bins = 40,
        double threshold = 1e-6, int maxUnits = 64)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (width <= 0 || activations.Length % width != 0)
            throw new ArgumentException($"activations length {activations.Length} is not a multiple of width {width}", nameof(activations));
        int n = activations.Length / width;
        int quiet = 0;
        var active = new bool[width];
        for (int e = 0; e < n; e++)
            for (int u = 0; u < width; u++)
            {
                if (Math.Abs(activations[e * width + u]) <= threshold) quiet++;
                else active[u] = true;
            }
        int m = Math.Min(width, maxUnits);
        // columns[u]: unit u's activation over the n examples.
        var columns = new double[m][];
        for (int u = 0; u < m; u++)
        {
            columns[u] = new double[n];
            for (int e = 0; e < n; e++) columns[u][e] = activations[e * width + u];
        }
        var corr = new double[m, m];
        double sumAbs = 0;
        int pairs = 0;
        for (int i = 0; i < m; i++)
            for (int j = i; j < m; j++)
            {
                double r = Statistics.Pearson(columns[i], columns[j]);
                if (i == j && !double.IsNaN(r)) r = 1;
                corr[i, j] = corr[j, i] = r;
                if (i != j && !double.IsNaN(r)) { sumAbs += Math.Abs(r); pairs++; }
            }
        return new HiddenLayerDiagnostics(layer, width, n, MakeHistogram(activations, bins),
            activations.Length == 0 ? double.NaN : quiet / (double)activations.Length,
            active.Count(a => !a) / (double)width, corr, pairs == 0 ? double.NaN : sumAbs / pairs);
    }
}
