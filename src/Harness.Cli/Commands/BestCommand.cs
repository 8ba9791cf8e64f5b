using System.CommandLine;
using System.Text.Json;
using Harness.Cli.Sweeping;
using Harness.Engine;
using Harness.Store;
using Harness.Sweeps;

namespace Harness.Cli.Commands;

/// <summary>`best EXP`: the complete trial with the best validation accuracy, its configuration and test accuracy.</summary>
internal static class BestCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var db = CommonOptions.Db();
        var command = new Command("best", "Print the best configuration of an experiment (by validation accuracy) and its test accuracy");
        command.Arguments.Add(name);
        command.Options.Add(version);
        command.Options.Add(db);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            return Write(Console.Out, store, p.GetValue(name)!, p.GetValue(version));
        });
        return command;
    }

    internal static int Write(TextWriter w, IExperimentStore store, string name, int? version)
    {
        var e = StoreAccess.Experiment(store, name, version);
        var best = StoreAccess.Ranked(store.GetTrials(e.Name, e.Version).Where(t => t.State == TrialState.Complete)).FirstOrDefault();
        if (best is null)
        {
            w.WriteLine($"{e.Name} v{e.Version}: no complete trial yet");
            return CliRunner.ExitFailed;
        }
        w.WriteLine($"{e.Name} v{e.Version}: best trial {best.Number} of {store.GetTrials(e.Name, e.Version).Count}");
        w.WriteLine($"  params:             {TrialText.Params(best)}");
        w.WriteLine($"  validation accuracy {TrialText.Percent(best.ValidationAccuracy)} (epoch {best.BestEpoch?.ToString() ?? "-"} of {best.EpochsRun})");
        w.WriteLine($"  test accuracy       {TrialText.Percent(best.TestAccuracy)}");
        w.WriteLine("  config:");
        w.WriteLine(JsonSerializer.Serialize(TrialPlanner.Config(best), EngineJson.Options));
        return CliRunner.ExitOk;
    }
}
