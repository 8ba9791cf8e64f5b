using Harness.Reports.Importance;
using Harness.Reports.PlotData;
using Harness.Reports.Trials;
using ScottPlot;

namespace Harness.Reports.Figures;

/// <summary>Figures of what a search learned: parameter importance bars, slice plots and a contour of two parameters.</summary>
public static class SearchFigures
{
    private const int W = 900, H = 560;

    /// <summary>Horizontal bars of each parameter's share of the importance, most important on top, the share written beside each bar.</summary>
    public static FigureFiles Importance(IReadOnlyList<ParameterImportance> importances, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, "importance (share of the PED-ANOVA divergence, %)", "");
        int n = importances.Count;
        var bars = importances.Select((p, i) => new Bar
        {
            Position = n - 1 - i,
            Value = p.Share * 100,
            FillColor = FigureKit.Category(0),
            Orientation = Orientation.Horizontal,
        }).ToList();
        plot.Add.Bars(bars);
        for (int i = 0; i < n; i++)
        {
            var t = plot.Add.Text((importances[i].Share * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "%",
                importances[i].Share * 100, n - 1 - i);
            t.Alignment = Alignment.MiddleLeft;
            t.OffsetX = 4;
            t.LabelFontSize = 12;
        }
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), importances.Select(p => p.Parameter).ToArray());
        plot.Axes.SetLimits(0, Math.Max(10, importances.Max(p => p.Share) * 100 * 1.15), -0.6, n - 0.4);
        return FigureSaver.Save(plot, stem, W, Math.Max(300, 120 + 60 * n));
    }

    /// <summary>The metric against one parameter, each trial coloured by its number (Viridis: early dark, late bright).</summary>
    public static FigureFiles Slice(SliceData d, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, d.Param + (d.LogX ? " (log scale)" : ""), d.Metric.Label());
        int lo = d.Points.Min(p => p.Number), hi = d.Points.Max(p => p.Number);
        foreach (var p in d.Points.OrderBy(p => p.Number))
            plot.Add.Marker(d.LogX ? Math.Log10(p.X) : p.X, p.Y, MarkerShape.FilledCircle, 9, FigureKit.Scaled(p.Number, lo, hi));
        ColourBar(plot, lo, hi, "trial number");
        if (d.LogX) FigureKit.LogBottom(plot, d.Points.Select(p => Math.Log10(p.X)));
        if (d.Categories is not null) FigureKit.CategoryBottom(plot, d.Categories.Select(TrialSet.Display).ToList());
        plot.Axes.Margins(0.08, 0.12);
        if (d.Metric.HigherIsBetter()) FigureKit.CapAtHundred(plot);
        return FigureSaver.Save(plot, stem, W, H);
    }

    /// <summary>The interpolated metric over two parameters (Viridis) with the trials as white-edged points.</summary>
    public static FigureFiles Contour(ContourData d, string title, string stem)
    {
        var plot = FigureKit.NewPlot(title, d.XParam + (d.X.Log ? " (log scale)" : ""), d.YParam + (d.Y.Log ? " (log scale)" : ""));
        var hm = plot.Add.Heatmap(d.Values);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        hm.Rectangle = new CoordinateRect(d.X.Min, d.X.Max, d.Y.Min, d.Y.Max);
        hm.Smooth = true;
        var cb = plot.Add.ColorBar(hm);
        cb.Label = d.Metric.Label();
        var xs = d.Points.Select(p => p.X).ToArray();
        var ys = d.Points.Select(p => p.Y).ToArray();
        var edge = plot.Add.ScatterPoints(xs, ys, Colors.White);
        edge.MarkerSize = 9;
        var dots = plot.Add.ScatterPoints(xs, ys, Colors.Black);
        dots.MarkerSize = 5;
        Ticks(plot.Axes.Bottom, d.X, xs, plot, bottom: true);
        Ticks(plot.Axes.Left, d.Y, ys, plot, bottom: false);
        plot.Axes.SetLimits(d.X.Min, d.X.Max, d.Y.Min, d.Y.Max);
        return FigureSaver.Save(plot, stem, W, H);
    }

    private static void Ticks(ScottPlot.IAxis axis, ContourAxis a, double[] values, Plot plot, bool bottom)
    {
        if (a.Categories is not null)
        {
            if (bottom) FigureKit.CategoryBottom(plot, a.Categories.Select(TrialSet.Display).ToList());
            else plot.Axes.Left.SetTicks(Enumerable.Range(0, a.Categories.Count).Select(i => (double)i).ToArray(),
                a.Categories.Select(TrialSet.Display).ToArray());
        }
        else if (a.Log) FigureKit.LogTicks(axis, values);
    }

    /// <summary>A colour bar for a Viridis range carried by a hidden one-row heatmap.</summary>
    private static void ColourBar(Plot plot, double lo, double hi, string label)
    {
        var range = plot.Add.Heatmap(new double[,] { { lo, hi } });
        range.Colormap = new ScottPlot.Colormaps.Viridis();
        range.Rectangle = new CoordinateRect(0, 0.001, 0, 0.001);
        range.IsVisible = false;
        plot.Add.ColorBar(range).Label = label;
    }
}
