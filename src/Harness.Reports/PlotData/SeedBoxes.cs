using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>
/// Spread of a metric over seeds for one configuration: quartiles (type-7 interpolation), whiskers at the most
/// extreme values within 1.5 IQR of the box, and the values themselves.
/// </summary>
public sealed record SeedBox(string Label, IReadOnlyList<double> Values, double Q1, double Median, double Q3,
    double WhiskerLow, double WhiskerHigh, double Mean);

public static class SeedBoxes
{
    /// <summary>One box per configuration (grouped by <paramref name="by"/>, default keys), sorted by label.</summary>
    public static IReadOnlyList<SeedBox> Build(IEnumerable<TrialRecord> trials, IReadOnlyList<string>? by = null,
        Metric metric = Metric.TestAccuracy)
    {
        var views = TrialSet.Complete(trials, metric);
        if (views.Count == 0) return [];
        var keys = by is { Count: > 0 } ? by : TrialSet.DefaultKeys(views);
        var groups = views.GroupBy(v => keys.Select(v.Value).ToArray(), new SeqComparer()).ToList();
        var comparers = Enumerable.Range(0, keys.Count).Select(i => TrialSet.ValueComparer(groups.Select(g => g.Key[i]))).ToList();
        groups.Sort((a, b) =>
        {
            for (int i = 0; i < keys.Count; i++)
            {
                int c = comparers[i].Compare(a.Key[i], b.Key[i]);
                if (c != 0) return c;
            }
            return 0;
        });
        return groups.Select(g =>
        {
            // Values only ("2 / 100 / 0.1"); the axis names the keys in the same order (SeedBoxes.AxisLabel).
            var label = string.Join(" / ", keys.Select((_, i) => TrialSet.Display(g.Key[i])));
            return Of(label, g.Select(v => metric.Of(v.Record)!.Value).ToList());
        }).ToList();
    }

    /// <summary>The axis title under the boxes: the grouping keys in label order, "depth / width / learning_rate".</summary>
    public static string AxisLabel(IReadOnlyList<string> keys) => string.Join(" / ", keys);

    /// <summary>Box statistics of a list of values.</summary>
    public static SeedBox Of(string label, IReadOnlyList<double> values)
    {
        var s = values.Order().ToList();
        double q1 = Statistics.Quantile(s, 0.25), med = Statistics.Quantile(s, 0.5), q3 = Statistics.Quantile(s, 0.75);
        double iqr = q3 - q1;
        double lo = s.Where(v => v >= q1 - 1.5 * iqr).Min(), hi = s.Where(v => v <= q3 + 1.5 * iqr).Max();
        return new SeedBox(label, values, q1, med, q3, lo, hi, s.Average());
    }

    private sealed class SeqComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? a, string[]? b) => a!.SequenceEqual(b!);
        public int GetHashCode(string[] a) => string.Join('\u001f', a).GetHashCode();
    }
}
