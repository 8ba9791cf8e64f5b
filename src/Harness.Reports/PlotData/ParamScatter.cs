using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>One trial in a parameter scatter: X is the value (or the category index), Y the metric.</summary>
public readonly record struct ScatterPoint(double X, double Y, string Colour);

/// <summary>A metric against one parameter, coloured by a second one.</summary>
/// <param name="Categories">
/// The category labels at X = 0, 1, ... for non-numeric parameters and for discrete grid dimensions (whole numbers
/// with at most <see cref="ParamScatter.MaxDiscrete"/> distinct values, such as depth and width, in numeric order);
/// null for a continuous numeric axis.
/// </param>
/// <param name="LogX">True when X should be drawn on a log axis (values are raw, not logged).</param>
/// <param name="ColourValues">Distinct values of ColourBy in order (one legend entry each).</param>
public sealed record ParamScatterData(string Param, string? ColourBy, Metric Metric, bool LogX, IReadOnlyList<string>? Categories,
    IReadOnlyList<string> ColourValues, IReadOnlyList<ScatterPoint> Points);

public static class ParamScatter
{
    /// <summary>Most distinct whole-number values drawn as discrete positions rather than on a numeric axis.</summary>
    public const int MaxDiscrete = 12;

    /// <summary>
    /// True for whole-number grid dimensions (depth 1, 2, 3; width 30, 100): every value a whole number, at most
    /// <see cref="MaxDiscrete"/> distinct ones. Such a parameter is drawn as one evenly spaced position per value.
    /// </summary>
    public static bool IsDiscrete(IReadOnlyList<string> raw) =>
        raw.Count > 0 && raw.Distinct().Count() <= MaxDiscrete && raw.All(s => TrialView.TryNumber(s) is { } x && x == Math.Floor(x));

    /// <summary>Every complete trial as (param value, metric), coloured by <paramref name="colourBy"/> (null: one colour).</summary>
    public static ParamScatterData Build(IEnumerable<TrialRecord> trials, string param, string? colourBy,
        Metric metric = Metric.ValidationAccuracy)
    {
        var views = TrialSet.Complete(trials, metric);
        var raw = views.Select(v => v.Value(param)).ToList();
        bool numeric = raw.All(s => TrialView.TryNumber(s) is not null) && !IsDiscrete(raw);
        IReadOnlyList<string>? categories = numeric ? null : raw.Distinct().Order(TrialSet.ValueComparer(raw)).ToList();
        var colours = colourBy is null ? [] : views.Select(v => v.Value(colourBy)).ToList();
        var colourValues = colours.Distinct().Order(TrialSet.ValueComparer(colours)).ToList();
        var points = views.Select((v, i) => new ScatterPoint(
            numeric ? TrialView.TryNumber(raw[i])!.Value : categories!.ToList().IndexOf(raw[i]),
            metric.Of(v.Record)!.Value,
            colourBy is null ? "" : colours[i])).ToList();
        bool log = numeric && TrialSet.IsLogScale(param, points.Select(p => p.X));
        return new ParamScatterData(param, colourBy, metric, log, categories, colourValues, points);
    }
}
