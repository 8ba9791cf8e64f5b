using Harness.Reports.Trials;

namespace Harness.Reports.Tables;

/// <summary>One configuration's row: its key values and the metric over its repeats (seeds).</summary>
/// <param name="Keys">Values of <see cref="AccuracyTable.KeyNames"/>, in order.</param>
/// <param name="N">Trials (seeds) aggregated.</param>
/// <param name="Mean">Mean in display units (percent for accuracies).</param>
/// <param name="Std">Sample standard deviation (n-1); 0 when N is 1.</param>
/// <param name="Best">The best single trial (max accuracy, min epochs/seconds).</param>
/// <param name="IsBest">True for the row with the best mean.</param>
/// <param name="Published">A published reference value for this configuration, when one is known.</param>
public sealed record TableRow(IReadOnlyList<string> Keys, int N, double Mean, double Std, double Best, bool IsBest, double? Published);

/// <summary>A metric aggregated over seeds per configuration, sorted best mean first.</summary>
public sealed record AccuracyTable(string Experiment, IReadOnlyList<string> KeyNames, Metric Metric, IReadOnlyList<TableRow> Rows)
{
    /// <summary>True when any row carries a published value (adds a column).</summary>
    public bool HasPublished => Rows.Any(r => r.Published is not null);
}
