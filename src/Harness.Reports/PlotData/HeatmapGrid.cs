using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>
/// Mean metric over a two-parameter grid. Mean[r, c] is NaN where no trial has that pair; Count[r, c] the trials
/// averaged. Row and column labels are sorted (numerically when numeric).
/// </summary>
public sealed record HeatmapData(string RowParam, string ColumnParam, Metric Metric, IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels, double[,] Mean, int[,] Count);

public static class HeatmapGrid
{
    /// <summary>Averages the metric of complete trials in each (row value, column value) cell.</summary>
    public static HeatmapData Build(IEnumerable<TrialRecord> trials, string rowParam, string columnParam,
        Metric metric = Metric.TestAccuracy)
    {
        var views = TrialSet.Complete(trials, metric);
        var rv = views.Select(v => v.Value(rowParam)).ToList();
        var cv = views.Select(v => v.Value(columnParam)).ToList();
        var rows = rv.Distinct().Order(TrialSet.ValueComparer(rv)).ToList();
        var cols = cv.Distinct().Order(TrialSet.ValueComparer(cv)).ToList();
        var sum = new double[rows.Count, cols.Count];
        var count = new int[rows.Count, cols.Count];
        for (int i = 0; i < views.Count; i++)
        {
            int r = rows.IndexOf(rv[i]), c = cols.IndexOf(cv[i]);
            sum[r, c] += metric.Of(views[i].Record)!.Value;
            count[r, c]++;
        }
        var mean = new double[rows.Count, cols.Count];
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < cols.Count; c++)
                mean[r, c] = count[r, c] == 0 ? double.NaN : sum[r, c] / count[r, c];
        return new HeatmapData(rowParam, columnParam, metric, rows, cols, mean, count);
    }
}
