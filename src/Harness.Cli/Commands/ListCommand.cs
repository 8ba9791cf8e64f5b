using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>`list`: every experiment version in the store with its trial counts by state.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var command = new Command("list", "List the experiments in the results store with trial counts by state");
        command.Options.Add(db);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            Write(Console.Out, store);
            return CliRunner.ExitOk;
        });
        return command;
    }

    internal static void Write(TextWriter w, IExperimentStore store)
    {
        var experiments = store.ListExperiments();
        if (experiments.Count == 0) { w.WriteLine("no experiments yet"); return; }
        var states = Enum.GetValues<TrialState>();
        var rows = experiments.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Version).Select(e =>
        {
            var trials = store.GetTrials(e.Name, e.Version);
            var best = trials.Where(t => t.State == TrialState.Complete).Max(t => t.ValidationAccuracy);
            return (IReadOnlyList<string>)[e.Name, e.Version.ToString(), trials.Count.ToString(),
                .. states.Select(s => trials.Count(t => t.State == s).ToString()), TrialText.Percent(best)];
        });
        TextTable.Write(w, ["experiment", "version", "trials", .. states.Select(TrialStates.Name), "best val acc"], rows);
    }
}
