using System.CommandLine;
using Harness.Cli.Exporting;
using Harness.Cli.Sweeping;
using Harness.Data;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `export EXP [--version V] [--format csv|json|parquet] [--epochs] [--trial N] [--out FILE]`: one row per trial (or
/// per trial and epoch) with typed values; `--trial N --model FILE` writes that trial's model for `evaluate`.
/// </summary>
internal static class ExportCommand
{
    public static readonly string[] Formats = ["csv", "json", "parquet"];

    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var format = new Option<string>("--format") { Description = "csv, json or parquet (parquet needs --out)", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output" }.WritesFile();
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var epochs = new Option<bool>("--epochs") { Description = "One row per trial and epoch (the learning curves) instead of one per trial" };
        var trial = new Option<int?>("--trial") { Description = "Only this trial (its number, as `show` lists it)" };
        var model = new Option<FileInfo?>("--model") { Description = "With --trial: write the trial's model to this file (evaluate reads it)" }.WritesFile();
        var db = CommonOptions.Db();
        var command = new Command("export", "Export an experiment's trials (or epochs) as CSV, JSON or Parquet, or one trial's model");
        command.Arguments.Add(name);
        foreach (var o in new Option[] { format, output, version, epochs, trial, model, db }) command.Options.Add(o);
        command.SetAction(p =>
        {
            var request = new ExportRequest(p.GetValue(name)!, p.GetValue(version), p.GetValue(format)!, p.GetValue(epochs),
                p.GetValue(trial), p.GetValue(model)?.FullName, p.GetValue(output)?.FullName);
            request.Check();
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            return Run(store, request, Console.Out);
        });
        return command;
    }

    internal static int Run(IExperimentStore store, ExportRequest r, TextWriter w)
    {
        var e = StoreAccess.Experiment(store, r.Experiment, r.Version);
        if (r.ModelPath is { } modelPath)
        {
            ModelExport.Write(store, e, r.Trial!.Value, modelPath, w);
            return CliRunner.ExitOk;
        }
        var trials = store.GetTrials(e.Name, e.Version).Where(t => r.Trial is null || t.Number == r.Trial).ToList();
        if (r.Trial is { } n && trials.Count == 0) throw new UserInputException($"--trial: {e.Name} v{e.Version} has no trial {n}");
        if (r.Format == "parquet")
        {
            var table = r.Epochs ? ExportTables.Epochs(trials, t => store.GetEpochs(t.Id)) : ExportTables.Trials(trials);
            AtomicFile.Write(r.OutPath!, stream => ParquetExport.Write(table, stream));
            w.WriteLine($"wrote {r.OutPath} ({table.Rows.Count} rows, {table.Columns.Count} columns)");
            return CliRunner.ExitOk;
        }
        var text = Text(store, e, trials, r);
        if (r.OutPath is { } path)
        {
            AtomicFile.WriteAllText(path, text);
            w.WriteLine($"wrote {path}");
        }
        else w.Write(text);
        return CliRunner.ExitOk;
    }

    /// <summary>The csv or json text of the request.</summary>
    internal static string Text(IExperimentStore store, ExperimentRecord e, IReadOnlyList<TrialRecord> trials, ExportRequest r) => (r.Format, r.Epochs) switch
    {
        ("json", false) => JsonExport.Trials(e, trials),
        ("json", true) => JsonExport.Epochs(e, trials, t => store.GetEpochs(t.Id)),
        (_, false) => CsvExport.Write(ExportTables.Trials(trials)),
        (_, true) => CsvExport.Write(ExportTables.Epochs(trials, t => store.GetEpochs(t.Id))),
    };
}
