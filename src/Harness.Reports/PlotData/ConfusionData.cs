namespace Harness.Reports.PlotData;

/// <summary>
/// A confusion matrix: Counts[t][p] examples of true class t predicted as p, and RowFraction[t, p] the same
/// divided by the class's total (0 for an empty class). Accuracy = trace / total.
/// </summary>
public sealed record ConfusionData(int[][] Counts, double[,] RowFraction, double Accuracy, int Total);

public static class Confusion
{
    /// <summary>Row-normalises a square count matrix; throws when it is not square.</summary>
    public static ConfusionData Build(int[][] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int k = counts.Length;
        if (k == 0 || counts.Any(r => r.Length != k))
            throw new ArgumentException($"confusion matrix must be square and non-empty; got {k} rows of lengths " +
                                        string.Join(",", counts.Select(r => r.Length)), nameof(counts));
        var frac = new double[k, k];
        long total = 0, correct = 0;
        for (int t = 0; t < k; t++)
        {
            long row = counts[t].Sum(c => (long)c);
            total += row;
            correct += counts[t][t];
            for (int p = 0; p < k; p++) frac[t, p] = row == 0 ? 0 : counts[t][p] / (double)row;
        }
        return new ConfusionData(counts, frac, total == 0 ? double.NaN : correct / (double)total, (int)total);
    }
}
