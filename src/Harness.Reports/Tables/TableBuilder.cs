using Harness.Reports.Trials;
using Microsoft.Data.Analysis;

namespace Harness.Reports.Tables;

/// <summary>Builds <see cref="AccuracyTable"/>s: trials grouped by key values and aggregated with a DataFrame.</summary>
public static class TableBuilder
{
    private const char KeySeparator = '\u001f';

    /// <summary>
    /// Groups the experiment's complete trials by <paramref name="by"/> (default <see cref="TrialSet.DefaultKeys"/>)
    /// and aggregates <paramref name="metric"/>: n, mean, std, best. Rows are sorted best mean first.
    /// </summary>
    public static AccuracyTable Build(string experiment, IEnumerable<TrialRecord> trials, Metric metric = Metric.TestAccuracy,
        IReadOnlyList<string>? by = null)
    {
        var views = TrialSet.Complete(trials, metric);
        if (views.Count == 0)
            throw new InvalidOperationException($"experiment '{experiment}' has no complete trials with {metric.Name()}");
        var keys = by is { Count: > 0 } ? by : TrialSet.DefaultKeys(views);

        // One DataFrame row per trial: group key (joined key values) and metric value.
        var keyText = views.Select(v => string.Join(KeySeparator, keys.Select(v.Value))).ToArray();
        var df = new DataFrame(
            new StringDataFrameColumn("key", keyText),
            new DoubleDataFrameColumn("value", views.Select(v => metric.Of(v.Record)!.Value)));
        var groups = df.GroupBy<string>("key");
        var mean = ToDictionary(groups.Mean("value"));
        var best = ToDictionary(metric.HigherIsBetter() ? df.GroupBy<string>("key").Max("value") : df.GroupBy<string>("key").Min("value"));
        var rows = new List<TableRow>();
        foreach (var g in groups.Groupings)
        {
            var values = g.Select(r => (double)r[1]).ToArray();
            var members = views.Where((_, i) => keyText[i] == g.Key).ToList();
            var archs = members.Select(v => v.Architecture()).Distinct().ToList();
            double? published = archs.Count == 1 && metric == Metric.TestAccuracy ? PublishedResults.Lookup(experiment, archs[0]) : null;
            rows.Add(new TableRow(g.Key.Split(KeySeparator), values.Length, mean[g.Key], Statistics.SampleStd(values),
                best[g.Key], false, published));
        }
        rows = metric.HigherIsBetter()
            ? rows.OrderByDescending(r => r.Mean).ThenByDescending(r => r.N).ToList()
            : rows.OrderBy(r => r.Mean).ThenByDescending(r => r.N).ToList();
        rows[0] = rows[0] with { IsBest = true };
        return new AccuracyTable(experiment, keys, metric, rows);
    }

    private static Dictionary<string, double> ToDictionary(DataFrame aggregated)
    {
        var d = new Dictionary<string, double>();
        foreach (var row in aggregated.Rows) d[(string)row[0]] = Convert.ToDouble(row[1]);
        return d;
    }
}
