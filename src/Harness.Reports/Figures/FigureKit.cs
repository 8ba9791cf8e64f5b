using ScottPlot;
using Harness.Reports.Trials;

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

    /// <summary>Makes the bottom axis read log10-transformed X values as powers of ten.</summary>
    public static void LogBottom(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = x => TrialSet.Format(Math.Pow(10, x)),
        };

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
