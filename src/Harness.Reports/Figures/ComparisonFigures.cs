using Harness.Reports.PlotData;
using Harness.Reports.Tables;
using Harness.Reports.Trials;
using ScottPlot;

namespace Harness.Reports.Figures;

/// <summary>
/// Figures that put experiments side by side, one colour each: how each search's best result grew trial by trial,
/// and each configuration's mean ± std over seeds in each experiment (the comparison table drawn).
/// </summary>
public static class ComparisonFigures
{
    private const int W = 900, H = 560;

    /// <summary>
    /// Each experiment's trials (dots) and its best so far (a step line) by trial number. The value axis starts at the
    /// lower quartile of all trials (or the lowest best so far, if lower), so that a few very poor trials do not squash
    /// the lines; the title says how many trials lie below it.
    /// </summary>
    public static FigureFiles History(IReadOnlyList<(string Name, IReadOnlyList<HistoryPoint> Points)> experiments, Metric metric,
        string title, string stem)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var values = experiments.SelectMany(e => e.Points.Select(p => p.Value)).Order().ToList();
        double? floor = null;
        int below = 0;
        if (values.Count >= 8 && metric.HigherIsBetter())
        {
            double lowestBest = experiments.Where(e => e.Points.Count > 0).Min(e => e.Points[0].BestSoFar);
            double lowest = Math.Min(values[values.Count / 4], lowestBest);
            below = values.Count(v => v < lowest);
            if (below > 0) floor = lowest;
        }
        var plot = FigureKit.NewPlot(floor is null ? title : $"{title} ({below} trial{(below == 1 ? "" : "s")} below the axis)",
            "trial number", metric.Label());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        for (int e = 0; e < experiments.Count; e++)
        {
            var (name, points) = experiments[e];
            if (points.Count == 0) continue;
            var colour = FigureKit.Category(e);
            var dots = plot.Add.ScatterPoints(points.Select(p => (double)p.Number).ToArray(), points.Select(p => p.Value).ToArray(), colour.WithAlpha(0.45));
            dots.MarkerSize = 6;
            var (sx, sy) = OptimizationHistory.Steps(points);
            var best = plot.Add.ScatterLine(sx, sy, colour);
            best.LineWidth = 2.5f + 1.5f * (experiments.Count - 1 - e); // later lines drawn over earlier, thinner: equal ones both show
            best.LegendText = $"{name}: best so far";
        }
        int width = FigureKit.LegendOutside(plot, W);
        if (floor is { } bottom)
        {
            double margin = 0.05 * Math.Max(values[^1] - bottom, 1e-9);
            FigureKit.PercentLimits(plot, bottom - margin, values[^1] + margin);
        }
        else if (metric.HigherIsBetter()) FigureKit.CapAtHundred(plot);
        return FigureSaver.Save(plot, stem, width, H);
    }

    /// <summary>
    /// Mean ± sample std over seeds per configuration (the rows of <paramref name="table"/>), one marker per experiment
    /// that has the configuration, side by side within its row.
    /// </summary>
    public static FigureFiles Configurations(ComparisonTable table, string title, string stem)
    {
        ArgumentNullException.ThrowIfNull(table);
        var plot = FigureKit.NewPlot(title, string.Join(", ", table.KeyNames), table.Metric.Label());
        int n = table.Experiments.Count;
        for (int e = 0; e < n; e++)
        {
            var rows = Enumerable.Range(0, table.Rows.Count).Where(r => table.Rows[r].Cells[e] is not null).ToList();
            if (rows.Count == 0) continue;
            double offset = n == 1 ? 0 : (e - (n - 1) / 2.0) * (0.6 / n);
            double[] xs = [.. rows.Select(r => r + offset)];
            double[] means = [.. rows.Select(r => table.Rows[r].Cells[e]!.Mean)];
            double[] stds = [.. rows.Select(r => table.Rows[r].Cells[e]!.Std is var s && double.IsFinite(s) ? s : 0)];
            var colour = FigureKit.Category(e);
            plot.Add.ErrorBar(xs, means, stds).Color = colour;
            var dots = plot.Add.ScatterPoints(xs, means, colour);
            dots.MarkerSize = 8;
            dots.LegendText = table.Experiments[e];
        }
        FigureKit.CategoryBottom(plot, [.. table.Rows.Select(r => string.Join(", ", r.Keys.Select(TrialSet.Display)))]);
        plot.Axes.Margins(0.05, 0.1);
        int width = FigureKit.LegendOutside(plot, Math.Max(W, 40 * table.Rows.Count + 200));
        if (table.Metric.HigherIsBetter()) FigureKit.CapAtHundred(plot);
        return FigureSaver.Save(plot, stem, width, H + (int)plot.Axes.Bottom.MinimumSize);
    }
}
