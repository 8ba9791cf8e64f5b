using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Reports.Html;
using Harness.Reports.Tables;
using Harness.Reports.Trials;

namespace Harness.Cli.Commands;

/// <summary>`compare EXP1 EXP2 ...`: experiments side by side, one column each, rows by configuration.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var experiments = new Argument<string[]>("experiments")
        {
            Description = "Experiment names, each NAME (its latest version) or NAME@VERSION",
            Arity = ArgumentArity.OneOrMore,
        };
        var by = TableCommand.By();
        var metric = TableCommand.MetricOption();
        var format = TableCommand.FormatOption();
        var outDir = new Option<DirectoryInfo?>("--out")
        {
            Description = "Also write the table in every format and the comparison figures (PNG + SVG: the metric by configuration, validation accuracy by trial) into this folder",
        }.WritesFolder();
        var db = CommonOptions.Db();
        var cmd = new Command("compare", "Put experiments side by side: mean ± std (n) per configuration and experiment");
        cmd.Arguments.Add(experiments);
        foreach (var o in new Option[] { by, metric, format, outDir, db }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            using var store = StoreAccess.OpenForReading(parse.GetValue(db));
            var list = parse.GetValue(experiments)!.Select(text =>
            {
                var (n, v) = TableCommand.NameAndVersion(text);
                return (text, TableCommand.Trials(store, n, v));
            }).ToList();
            var m = Metrics.Parse(parse.GetValue(metric)!);
            var tableFormat = TableFormats.Parse(parse.GetValue(format)!);
            var empty = list.Where(e => TrialSet.Complete(e.Item2, m).Count == 0).ToList();
            foreach (var (text, trials) in empty) Console.Error.WriteLine(TableCommand.NoneComplete(text, trials, m));
            if (empty.Count == list.Count) return CliRunner.ExitFailed;
            var table = ComparisonTable.Build(list, m, TableCommand.SplitKeys(parse.GetValue(by)));
            Console.Write(TableWriter.Write(table, tableFormat));
            if (parse.GetValue(outDir) is { } folder)
            {
                var files = ComparisonWriter.Write(folder.FullName, table, list);
                Console.WriteLine($"wrote {files.Count} files in {folder.FullName}");
            }
            return CliRunner.ExitOk;
        });
        return cmd;
    }
}
