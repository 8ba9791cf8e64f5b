using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>One complete trial in a slice plot: X as in <see cref="ParamScatterData"/>, Y the metric, and its trial number.</summary>
public readonly record struct SlicePoint(double X, double Y, int Number);

/// <summary>The metric against one parameter, every complete trial coloured by its trial number (early dark, late bright).</summary>
public sealed record SliceData(string Param, Metric Metric, bool LogX, IReadOnlyList<string>? Categories, IReadOnlyList<SlicePoint> Points);

public static class SlicePlot
{
    /// <summary>The slice of <paramref name="param"/>: positions as <see cref="ParamScatter.Build"/> places them, plus trial numbers.</summary>
    public static SliceData Build(IEnumerable<TrialRecord> trials, string param, Metric metric = Metric.ValidationAccuracy)
    {
        var list = trials.ToList();
        var scatter = ParamScatter.Build(list, param, colourBy: null, metric);
        var numbers = TrialSet.Complete(list, metric).Select(v => v.Record.Number).ToList(); // the same trials in the same order
        var points = scatter.Points.Select((p, i) => new SlicePoint(p.X, p.Y, numbers[i])).ToList();
        return new SliceData(param, metric, scatter.LogX, scatter.Categories, points);
    }
}
