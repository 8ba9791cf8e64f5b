using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `export EXP --format csv|json [--out FILE]`: one row per trial (ids, state, searched params as columns,
/// metrics). CSV uses invariant culture and RFC 4180 quoting; JSON is an array of objects.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var format = new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var db = CommonOptions.Db();
        var command = new Command("export", "Export an experiment's trials as CSV or JSON");
        command.Arguments.Add(name);
        foreach (var o in new Option[] { format, output, version, db }) command.Options.Add(o);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            var text = Export(store, p.GetValue(name)!, p.GetValue(version), p.GetValue(format)!);
            if (p.GetValue(output) is { } file)
            {
                file.Directory?.Create();
                File.WriteAllText(file.FullName, text);
                Console.WriteLine($"wrote {file.FullName}");
            }
            else Console.Write(text);
            return CliRunner.ExitOk;
        });
        return command;
    }

    private static readonly string[] Fixed = ["trial_id", "number", "key", "repeat", "seed", "state", "validation_accuracy",
        "validation_loss", "test_accuracy", "test_loss", "best_epoch", "epochs_run", "seconds", "error"];

    internal static string Export(IExperimentStore store, string name, int? version, string format)
    {
        var e = StoreAccess.Experiment(store, name, version);
        var trials = store.GetTrials(e.Name, e.Version);
        var paramNames = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = trials.Select(t => Row(t, paramNames)).ToList();
        return format switch
        {
            "csv" => Csv([.. Fixed, .. paramNames.Select(p => "param_" + p)], rows),
            "json" => new JsonArray([.. trials.Select(t => Json(e, t))]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n",
            _ => throw new UserInputException($"--format: '{format}' is not allowed; allowed: csv, json"),
        };
    }

    private static List<string> Row(TrialRecord t, List<string> paramNames) =>
    [
        t.Id.ToString(CultureInfo.InvariantCulture), t.Number.ToString(CultureInfo.InvariantCulture), t.Key,
        t.Repeat.ToString(CultureInfo.InvariantCulture), t.Seed.ToString(CultureInfo.InvariantCulture), TrialText.State(t.State),
        N(t.ValidationAccuracy), N(t.ValidationLoss), N(t.TestAccuracy), N(t.TestLoss), t.BestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "",
        t.EpochsRun.ToString(CultureInfo.InvariantCulture), N(t.Seconds), t.Error ?? "",
        .. paramNames.Select(p => t.Params.TryGetValue(p, out var v) ? v : ""),
    ];

    private static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Csv(IReadOnlyList<string> header, IEnumerable<List<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", header.Select(Quote))).Append('\n');
        foreach (var r in rows) sb.Append(string.Join(",", r.Select(Quote))).Append('\n');
        return sb.ToString();
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static JsonObject Json(ExperimentRecord e, TrialRecord t) => new()
    {
        ["experiment"] = e.Name, ["version"] = e.Version, ["trial_id"] = t.Id, ["number"] = t.Number, ["key"] = t.Key,
        ["repeat"] = t.Repeat, ["seed"] = t.Seed, ["state"] = TrialText.State(t.State),
        ["params"] = new JsonObject([.. t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
        ["validation_accuracy"] = t.ValidationAccuracy, ["validation_loss"] = t.ValidationLoss,
        ["test_accuracy"] = t.TestAccuracy, ["test_loss"] = t.TestLoss, ["best_epoch"] = t.BestEpoch,
        ["epochs_run"] = t.EpochsRun, ["seconds"] = t.Seconds, ["error"] = t.Error,
        ["config"] = JsonNode.Parse(t.ConfigJson),
    };
}
