using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>
/// The metric over two parameters as a filled contour: <see cref="Values"/>[row, column] is the metric interpolated
/// at the cell centre by inverse-distance weighting (power 2) of the complete trials, row 0 at the top (highest Y);
/// each axis runs over its observed range (log10 for log-scale parameters, category index for categories).
/// </summary>
public sealed record ContourData(string XParam, string YParam, Metric Metric, ContourAxis X, ContourAxis Y, double[,] Values,
    IReadOnlyList<(double X, double Y, double Value)> Points);

/// <summary>One axis of a contour: its plotted range, whether it is log10 of the value, and category labels (null for numbers).</summary>
public sealed record ContourAxis(double Min, double Max, bool Log, IReadOnlyList<string>? Categories);

public static class ContourGrid
{
    public const int Cells = 40;

    /// <summary>How far a number axis runs past its smallest and largest value, as a share of their range, so that
    /// the trials' dots at either end are drawn whole.</summary>
    public const double Margin = 0.04;

    public static ContourData Build(IEnumerable<TrialRecord> trials, string xParam, string yParam, Metric metric = Metric.ValidationAccuracy)
    {
        var list = trials.ToList();
        var xs = ParamScatter.Build(list, xParam, colourBy: null, metric);
        var ys = ParamScatter.Build(list, yParam, colourBy: null, metric);
        if (xs.Points.Count == 0) throw new InvalidOperationException("a contour needs complete trials");
        var x = Axis(xs);
        var y = Axis(ys);
        var points = xs.Points.Select((p, i) => (Place(p.X, xs.LogX), Place(ys.Points[i].X, ys.LogX), p.Y)).ToList();
        double sx = Math.Max(x.Max - x.Min, 1e-12), sy = Math.Max(y.Max - y.Min, 1e-12);
        var values = new double[Cells, Cells];
        for (int r = 0; r < Cells; r++)
            for (int c = 0; c < Cells; c++)
            {
                double cx = x.Min + (c + 0.5) / Cells * (x.Max - x.Min), cy = y.Max - (r + 0.5) / Cells * (y.Max - y.Min);
                double num = 0, den = 0;
                foreach (var (px, py, v) in points)
                {
                    double d2 = Math.Pow((px - cx) / sx, 2) + Math.Pow((py - cy) / sy, 2);
                    double w = 1 / Math.Max(d2, 1e-12);
                    num += w * v;
                    den += w;
                }
                values[r, c] = num / den;
            }
        return new ContourData(xParam, yParam, metric, x, y, values,
            points);
    }

    private static double Place(double v, bool log) => log ? Math.Log10(v) : v;

    private static ContourAxis Axis(ParamScatterData d)
    {
        var v = d.Points.Select(p => Place(p.X, d.LogX)).ToList();
        double lo = v.Min(), hi = v.Max();
        if (d.Categories is not null) (lo, hi) = (-0.5, d.Categories.Count - 0.5);
        else if (hi == lo) (lo, hi) = (lo - 0.5, hi + 0.5);
        else (lo, hi) = (lo - Margin * (hi - lo), hi + Margin * (hi - lo));
        return new ContourAxis(lo, hi, d.LogX, d.Categories);
    }
}
