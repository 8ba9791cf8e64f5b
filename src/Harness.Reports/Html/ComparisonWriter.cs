using Harness.Data;
using Harness.Reports.Figures;
using Harness.Reports.PlotData;
using Harness.Reports.Tables;
using Harness.Reports.Trials;

namespace Harness.Reports.Html;

/// <summary>
/// Writes a comparison of experiments into a folder for a report: its table in every format (METRIC.txt, .md, .csv,
/// .tex), the table drawn (configurations_METRIC.png/.svg: mean ± std per configuration, one colour per experiment)
/// and each experiment's validation accuracy by trial with its best so far (history.png/.svg), the figure that
/// compares searches.
/// </summary>
public static class ComparisonWriter
{
    /// <summary>Writes the files under <paramref name="outDir"/> (created when missing) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string outDir, ComparisonTable table,
        IReadOnlyList<(string Name, IReadOnlyList<TrialRecord> Trials)> experiments)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(experiments);
        Directory.CreateDirectory(outDir);
        var files = new List<string>();
        var metric = table.Metric.Name();
        foreach (var format in Enum.GetValues<TableFormat>())
        {
            var path = ReportPaths.Inside(outDir, $"{metric}.{format.Extension()}");
            AtomicFile.WriteAllText(path, TableWriter.Write(table, format));
            files.Add(path);
        }
        var names = string.Join(" vs ", table.Experiments);
        var drawn = ComparisonFigures.Configurations(table, $"{names}: {table.Metric.Label()} by configuration",
            ReportPaths.Inside(outDir, $"configurations_{metric}"));
        var history = ComparisonFigures.History(
            [.. experiments.Select(e => (e.Name, OptimizationHistory.Build(e.Trials, Metric.ValidationAccuracy)))], Metric.ValidationAccuracy,
            $"{names}: validation accuracy by trial", ReportPaths.Inside(outDir, "history"));
        files.AddRange([drawn.Png, drawn.Svg, history.Png, history.Svg]);
        return files;
    }
}
