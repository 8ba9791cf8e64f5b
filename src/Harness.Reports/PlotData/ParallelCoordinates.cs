using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>
/// One vertical axis of a parallel-coordinates plot. Numeric axes map [Min, Max] (log10 of them when Log) to [0, 1];
/// categorical axes put Categories evenly from 0 to 1. TickLabels/TickPositions label the axis.
/// </summary>
public sealed record ParallelAxis(string Name, bool Log, double Min, double Max, IReadOnlyList<string>? Categories,
    IReadOnlyList<double> TickPositions, IReadOnlyList<string> TickLabels);

/// <summary>One trial: its normalised position on each axis (in [0, 1]) and its metric for colouring.</summary>
public sealed record ParallelLine(long TrialId, double[] Positions, double Value);

public sealed record ParallelCoordinatesData(Metric Metric, IReadOnlyList<ParallelAxis> Axes, IReadOnlyList<ParallelLine> Lines,
    double MinValue, double MaxValue);

public static class ParallelCoordinates
{
    /// <summary>
    /// Axes for <paramref name="parameters"/> (default: <see cref="TrialSet.DefaultKeys"/>) followed by the metric itself.
    /// A constant axis maps to 0.5.
    /// </summary>
    public static ParallelCoordinatesData Build(IEnumerable<TrialRecord> trials, IReadOnlyList<string>? parameters = null,
        Metric metric = Metric.ValidationAccuracy)
    {
        var views = TrialSet.Complete(trials, metric);
        var names = parameters ?? (views.Count == 0 ? [] : TrialSet.DefaultKeys(views));
        var axes = new List<ParallelAxis>();
        var columns = new List<double[]>();
        foreach (var name in names)
        {
            var raw = views.Select(v => v.Value(name)).ToList();
            var (axis, pos) = MakeAxis(name, raw);
            axes.Add(axis);
            columns.Add(pos);
        }
        var values = views.Select(v => metric.Of(v.Record)!.Value).ToList();
        var (metricAxis, metricPos) = MakeAxis(metric.Name(), values.Select(TrialSet.Format).ToList(), forceNumericLinear: true);
        axes.Add(metricAxis);
        columns.Add(metricPos);
        var lines = views.Select((v, i) => new ParallelLine(v.Id, columns.Select(c => c[i]).ToArray(), values[i])).ToList();
        return new ParallelCoordinatesData(metric, axes, lines,
            values.Count == 0 ? double.NaN : values.Min(), values.Count == 0 ? double.NaN : values.Max());
    }

    /// <summary>
    /// Normalises one column: min-max (of log10 when log scale), or category index / (k - 1) for text values and
    /// discrete whole numbers (categories in numeric order then).
    /// </summary>
    internal static (ParallelAxis Axis, double[] Positions) MakeAxis(string name, IReadOnlyList<string> raw, bool forceNumericLinear = false)
    {
        var nums = raw.Select(TrialView.TryNumber).ToList();
        // Whole-number grid dimensions (depth, width) get one evenly spaced position per value, as in the scatter plots.
        bool discrete = !forceNumericLinear && ParamScatter.IsDiscrete(raw);
        if (raw.Count > 0 && !discrete && nums.All(n => n is not null))
        {
            var x = nums.Select(n => n!.Value).ToList();
            bool log = !forceNumericLinear && TrialSet.IsLogScale(name, x);
            var t = x.Select(v => log ? Math.Log10(v) : v).ToList();
            double lo = t.Min(), hi = t.Max();
            double Norm(double v) => hi == lo ? 0.5 : (v - lo) / (hi - lo);
            var distinct = x.Distinct().Order().ToList();
            var ticks = distinct.Count <= 6
                ? distinct
                : Enumerable.Range(0, 5).Select(i => log ? Math.Pow(10, lo + (hi - lo) * i / 4) : lo + (hi - lo) * i / 4).ToList();
            return (new ParallelAxis(name, log, x.Min(), x.Max(), null,
                    ticks.Select(v => Norm(log ? Math.Log10(v) : v)).ToList(), ticks.Select(TrialSet.Format).ToList()),
                t.Select(Norm).ToArray());
        }
        var cats = raw.Distinct().Order(TrialSet.ValueComparer(raw)).ToList();
        double Pos(int i) => cats.Count == 1 ? 0.5 : (double)i / (cats.Count - 1);
        return (new ParallelAxis(name, false, 0, cats.Count - 1, cats, cats.Select((_, i) => Pos(i)).ToList(), cats),
            raw.Select(s => Pos(cats.IndexOf(s))).ToArray());
    }
}
