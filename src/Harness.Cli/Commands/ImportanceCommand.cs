using System.CommandLine;
using System.Globalization;
using Harness.Cli.Sweeping;
using Harness.Reports.Importance;
using Harness.Reports.Trials;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>`importance EXP`: PED-ANOVA importance of each searched parameter for validation accuracy, most important first.</summary>
internal static class ImportanceCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var metric = new Option<string>("--metric") { Description = "test_acc | val_acc | epochs | seconds", DefaultValueFactory = _ => "val_acc" };
        metric.AcceptOnlyFromAmong([.. Metrics.Names]);
        var db = CommonOptions.Db();
        var command = new Command("importance",
            $"Rank the searched parameters by importance (PED-ANOVA: how differently the top 10% of trials spread over a parameter than all trials; needs {PedAnova.MinTrials} or more complete trials)");
        command.Arguments.Add(name);
        command.Options.Add(version);
        command.Options.Add(metric);
        command.Options.Add(db);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            return Write(Console.Out, Console.Error, store, p.GetValue(name)!, p.GetValue(version), Metrics.Parse(p.GetValue(metric)!));
        });
        return command;
    }

    /// <summary>
    /// Writes the ranking to <paramref name="w"/> (exit 0), or to <paramref name="error"/> why there is none yet: too few
    /// complete trials, or no parameter that varies among them (exit 1, as `table` without a complete trial).
    /// </summary>
    internal static int Write(TextWriter w, TextWriter error, IExperimentStore store, string name, int? version, Metric metric)
    {
        var e = StoreAccess.Experiment(store, name, version);
        var trials = store.GetTrials(e.Name, e.Version);
        IReadOnlyList<ParameterImportance> result;
        try { result = PedAnova.Evaluate(trials, metric: metric); }
        catch (InvalidOperationException ex)
        {
            error.WriteLine($"{e.Name} v{e.Version}: {ex.Message} ({TrialText.Counted(trials)})");
            return CliRunner.ExitFailed;
        }
        int complete = trials.Count(t => t.State == TrialState.Complete && metric.Of(t) is not null);
        w.WriteLine($"{e.Name} v{e.Version}: parameter importance for {metric.Label()} over {complete} complete trials (PED-ANOVA, top 10% vs all)");
        TextTable.Write(w, ["parameter", "importance", "", "divergence"], result.Select(r => (IReadOnlyList<string>)[
            r.Parameter,
            (r.Share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%",
            new string('#', (int)Math.Round(r.Share * 40)),
            r.Divergence.ToString("G4", CultureInfo.InvariantCulture)]));
        return CliRunner.ExitOk;
    }
}
