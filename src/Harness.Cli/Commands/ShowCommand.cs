using System.CommandLine;
using System.Globalization;
using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>`show EXP`: the experiment's trials, best validation accuracy first.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var db = CommonOptions.Db();
        var command = new Command("show", "Show an experiment's trials sorted by validation accuracy");
        command.Arguments.Add(name);
        command.Options.Add(version);
        command.Options.Add(db);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            Write(Console.Out, store, p.GetValue(name)!, p.GetValue(version));
            return CliRunner.ExitOk;
        });
        return command;
    }

    internal static void Write(TextWriter w, IExperimentStore store, string name, int? version)
    {
        var e = StoreAccess.Experiment(store, name, version);
        var trials = StoreAccess.Ranked(store.GetTrials(e.Name, e.Version));
        var checkpoints = store.CheckpointEpochs(e.Name, e.Version);
        w.WriteLine($"{e.Name} v{e.Version}: {trials.Count} trials (spec {SpecHashText.Short(e.SpecHash)})");
        TextTable.Write(w, ["trial", "state", "val acc", "test acc", "epochs", "best", "seconds", "engine", "params", "error"],
            trials.Select(t => (IReadOnlyList<string>)[
                t.Number.ToString(), TrialText.State(t, checkpoints), TrialText.Percent(t.ValidationAccuracy), TrialText.Percent(t.TestAccuracy),
                t.EpochsRun.ToString(), t.BestEpoch?.ToString() ?? "-",
                t.Seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "-", t.Engine ?? "-", TrialText.Params(t), t.Error ?? ""]));
    }
}
