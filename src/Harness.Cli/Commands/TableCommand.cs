using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Data;
using Harness.Reports.Tables;
using Harness.Reports.Trials;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>`table EXP`: one experiment's metric aggregated over seeds per configuration.</summary>
internal static class TableCommand
{
    public static Command Create()
    {
        var experiment = new Argument<string>("experiment") { Description = "Experiment name" };
        var by = By();
        var metric = MetricOption();
        var format = FormatOption();
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var db = CommonOptions.Db();
        var cmd = new Command("table", "Accuracy table: mean ± std over seeds, n and best per configuration, best row marked");
        cmd.Arguments.Add(experiment);
        cmd.Options.Add(by);
        cmd.Options.Add(metric);
        cmd.Options.Add(format);
        cmd.Options.Add(version);
        cmd.Options.Add(db);
        cmd.SetAction(parse =>
        {
            using var store = StoreAccess.OpenForReading(parse.GetValue(db));
            var name = parse.GetValue(experiment)!;
            var trials = Trials(store, name, parse.GetValue(version));
            var m = Metrics.Parse(parse.GetValue(metric)!);
            var tableFormat = TableFormats.Parse(parse.GetValue(format)!);
            if (TrialSet.Complete(trials, m).Count == 0)
            {
                Console.Error.WriteLine(NoneComplete(name, trials, m));
                return CliRunner.ExitFailed;
            }
            Console.Write(TableWriter.Write(TableBuilder.Build(name, trials, m, SplitKeys(parse.GetValue(by))), tableFormat));
            return CliRunner.ExitOk;
        });
        return cmd;
    }

    internal static Option<string?> By() => new("--by")
    {
        Description = "Comma-separated grouping keys: searched parameters, depth, width, hidden or any train config field (default: the searched parameters)",
    };

    internal static Option<string> MetricOption() => new("--metric")
    {
        Description = "test_acc | val_acc | epochs | seconds",
        DefaultValueFactory = _ => "test_acc",
    };

    internal static Option<string> FormatOption() => new("--format")
    {
        Description = "console | md | csv | latex",
        DefaultValueFactory = _ => "console",
    };

    internal static IReadOnlyList<string>? SplitKeys(string? by) =>
        string.IsNullOrWhiteSpace(by) ? null : by.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The version's trials (the latest when null); an unknown name or version lists the known names.</summary>
    internal static IReadOnlyList<TrialRecord> Trials(IExperimentStore store, string name, int? version)
    {
        var e = StoreAccess.Experiment(store, name, version);
        return store.GetTrials(e.Name, e.Version);
    }

    /// <summary>Why there is no table yet: no trial is complete with the metric; the trials' states say what there is.</summary>
    internal static string NoneComplete(string experiment, IReadOnlyList<TrialRecord> trials, Metric metric) =>
        $"{experiment}: no complete trial with {metric.Name()} yet, so no table ({TrialText.Counted(trials)})";

    /// <summary>
    /// `compare`'s "NAME" or "NAME@VERSION" (names cannot hold '@'): the name and the version, null for the latest.
    /// </summary>
    internal static (string Name, int? Version) NameAndVersion(string text)
    {
        int at = text.LastIndexOf('@');
        if (at < 0) return (text, null);
        if (int.TryParse(text[(at + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 1)
            return (text[..at], v);
        throw new UserInputException($"'{text}': after '@' comes a version number >= 1, e.g. {text[..at]}@2");
    }
}
