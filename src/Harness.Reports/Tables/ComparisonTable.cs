using Harness.Reports.Trials;

namespace Harness.Reports.Tables;

/// <summary>One experiment's aggregate for one configuration.</summary>
public sealed record ComparisonCell(int N, double Mean, double Std);

/// <summary>One configuration across experiments: a cell per experiment (null where it has no such trials).</summary>
public sealed record ComparisonRow(IReadOnlyList<string> Keys, IReadOnlyList<ComparisonCell?> Cells);

/// <summary>Several experiments side by side: rows are configurations, columns experiments.</summary>
public sealed record ComparisonTable(IReadOnlyList<string> Experiments, IReadOnlyList<string> KeyNames, Metric Metric,
    IReadOnlyList<ComparisonRow> Rows)
{
    /// <summary>Per experiment column, the row index holding its best mean (-1 when the column is empty).</summary>
    public int BestRow(int experiment)
    {
        int best = -1;
        for (int r = 0; r < Rows.Count; r++)
        {
            var c = Rows[r].Cells[experiment];
            if (c is null) continue;
            if (best < 0) { best = r; continue; }
            var b = Rows[best].Cells[experiment]!;
            if (Metric.HigherIsBetter() ? c.Mean > b.Mean : c.Mean < b.Mean) best = r;
        }
        return best;
    }

    /// <summary>
    /// Groups each experiment's complete trials by the same keys (default: the union of their searched
    /// parameters; a trial that did not search one reads it from its config) and lines them up. An experiment with no
    /// complete trial has an empty column.
    /// </summary>
    public static ComparisonTable Build(IReadOnlyList<(string Name, IReadOnlyList<TrialRecord> Trials)> experiments,
        Metric metric = Metric.TestAccuracy, IReadOnlyList<string>? by = null)
    {
        if (experiments.Count == 0) throw new ArgumentException("compare needs at least one experiment", nameof(experiments));
        if (by is not { Count: > 0 })
        {
            var all = experiments.SelectMany(e => TrialSet.Complete(e.Trials, metric)).ToList();
            by = all.Count == 0 ? ["hidden"] : TrialSet.DefaultKeys(all);
        }
        var tables = experiments.Select(e => TrialSet.Complete(e.Trials, metric).Count == 0 ? null : TableBuilder.Build(e.Name, e.Trials, metric, by)).ToList();
        var keySets = tables.OfType<AccuracyTable>().SelectMany(t => t.Rows.Select(r => r.Keys)).DistinctBy(k => string.Join('\u001f', k)).ToList();
        var comparers = Enumerable.Range(0, by.Count).Select(i => TrialSet.ValueComparer(keySets.Select(k => k[i]))).ToList();
        keySets.Sort((a, b) =>
        {
            for (int i = 0; i < a.Count; i++)
            {
                int c = comparers[i].Compare(a[i], b[i]);
                if (c != 0) return c;
            }
            return 0;
        });
        var rows = keySets.Select(k => new ComparisonRow(k, tables.Select(t =>
        {
            var r = t?.Rows.FirstOrDefault(r => r.Keys.SequenceEqual(k));
            return r is null ? null : new ComparisonCell(r.N, r.Mean, r.Std);
        }).ToList())).ToList();
        return new ComparisonTable(experiments.Select(e => e.Name).ToList(), by, metric, rows);
    }
}
