namespace Harness.Reports;

/// <summary>Small statistics used by tables and plot data.</summary>
public static class Statistics
{
    public static double Mean(IReadOnlyList<double> x) => x.Count == 0 ? double.NaN : x.Average();

    /// <summary>Sample standard deviation (divides by n-1); 0 for fewer than two values.</summary>
    public static double SampleStd(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        double m = x.Average(), s = 0;
        foreach (var v in x) s += (v - m) * (v - m);
        return Math.Sqrt(s / (x.Count - 1));
    }

    /// <summary>Quantile by linear interpolation between order statistics (type 7, as numpy's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(h), hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Pearson correlation of two equal-length series; NaN when either is constant.</summary>
    public static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"lengths differ: {a.Length} vs {b.Length}");
        int n = a.Length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
        ma /= n; mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? double.NaN : sab / Math.Sqrt(saa * sbb);
    }
}
