using Harness.Reports.Trials;
using ScottPlot;

namespace Harness.Reports.Figures;

/// <summary>Shared drawing helpers: a styled plot, log and category axes, palettes.</summary>
internal static class FigureKit
{
    /// <summary>A new plot with the bundled font and a title.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        FigureFonts.Apply(plot);
        return plot;
    }

    public static Color Category(int i) => new ScottPlot.Palettes.Category10().GetColor(i);

    /// <summary>Colour of a value scaled into [lo, hi] on Viridis (mid colour when the range is empty).</summary>
    public static Color Scaled(double v, double lo, double hi) =>
        new ScottPlot.Colormaps.Viridis().GetColor(hi > lo ? (v - lo) / (hi - lo) : 0.5);

    /// <summary>Makes the bottom axis read log10-transformed X values in their own units (<see cref="LogTicks"/>).</summary>
    public static void LogBottom(Plot plot, IEnumerable<double> log10Values) => LogTicks(plot.Axes.Bottom, log10Values);

    /// <summary>
    /// Ticks for an axis of log10-transformed values, labelled in their own units. Up to 12 distinct values (a grid)
    /// get a tick each, so every searched value is labelled; more values (random search) get ticks at 1, 2 and 5
    /// times each power of ten inside their range. A tick stands exactly on its value (rounding only tells
    /// values apart), so the smallest and largest stay on an axis whose limits are those values.
    /// </summary>
    public static void LogTicks(ScottPlot.IAxis axis, IEnumerable<double> log10Values)
    {
        var xs = log10Values.Where(double.IsFinite).DistinctBy(x => Math.Round(x, 9)).Order().ToArray();
        if (xs.Length == 0) return;
        double[] ticks = xs;
        if (xs.Length > 12)
        {
            var list = new List<double>();
            for (int e = (int)Math.Floor(xs[0]) - 1; e <= (int)Math.Ceiling(xs[^1]); e++)
                foreach (var m in new[] { 1.0, 2.0, 5.0 })
                {
                    double t = Math.Log10(m) + e;
                    if (t >= xs[0] - 1e-9 && t <= xs[^1] + 1e-9) list.Add(Math.Clamp(t, xs[0], xs[^1]));
                }
            ticks = list.Count >= 2 ? list.ToArray() : [xs[0], xs[^1]];
        }
        axis.SetTicks(ticks, ticks.Select(t => TrialSet.Format(Math.Pow(10, t))).ToArray());
    }

    /// <summary>
    /// Shows the legend in its own panel right of the data area, where it can cover no data, and returns the figure
    /// width that keeps the data area <paramref name="dataWidth"/> wide beside it (from its longest label).
    /// </summary>
    public static int LegendOutside(Plot plot, int dataWidth)
    {
        plot.ShowLegend(Edge.Right);
        int longest = plot.Legend.GetItems().Select(i => i.LabelText?.Length ?? 0).DefaultIfEmpty(0).Max();
        return dataWidth + 60 + (int)(7.5 * longest);
    }

    /// <summary>
    /// For a left axis in percent: fits the data (with the plot's margins), then, where that would run past 100,
    /// ends the axis <see cref="Headroom"/> of its span above 100, so a curve at exactly 100 % stays clear of the
    /// top frame, with no tick above 100 so none reads more than 100 %. Call after every plottable is added.
    /// </summary>
    public static void CapAtHundred(Plot plot)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        if (limits.Top <= 100) return;
        PercentLimits(plot, Math.Min(limits.Bottom, 99), limits.Top);
    }

    /// <summary>
    /// Sets a left axis in percent to <paramref name="bottom"/>..<paramref name="top"/>; where that runs past 100, ends
    /// it <see cref="Headroom"/> above 100 with no tick above 100 instead (as <see cref="CapAtHundred"/>).
    /// </summary>
    public static void PercentLimits(Plot plot, double bottom, double top)
    {
        if (top <= 100)
        {
            plot.Axes.SetLimitsY(bottom, top);
            return;
        }
        plot.Axes.SetLimitsY(bottom, 100 + Headroom * (100 - bottom));
        plot.Axes.Left.TickGenerator = new CappedTicks(100);
    }

    /// <summary>Room above 100 on a capped percent axis, as a share of the span from its bottom to 100.</summary>
    public const double Headroom = 0.02;

    /// <summary>Labels the bottom axis at integer positions 0..n-1, rotated when long.</summary>
    public static void CategoryBottom(Plot plot, IReadOnlyList<string> labels, double offset = 0)
    {
        plot.Axes.Bottom.SetTicks(labels.Select((_, i) => i + offset).ToArray(), labels.ToArray());
        if (labels.Count > 4 && labels.Max(l => l.Length) > 6)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        }
    }

    /// <summary>Draws a grid of values as a heatmap with cell (r, c) spanning x in [c, c+1], y in [R-1-r, R-r] (row 0 on top).</summary>
    public static ScottPlot.Plottables.Heatmap Grid(Plot plot, double[,] values, IColormap colormap)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var hm = plot.Add.Heatmap(values);
        hm.Colormap = colormap;
        hm.Rectangle = new CoordinateRect(0, cols, 0, rows);
        hm.NaNCellColor = Colors.White;
        return hm;
    }
}
