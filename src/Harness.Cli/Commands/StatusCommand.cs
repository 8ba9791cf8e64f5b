using System.CommandLine;
using System.Globalization;
using Harness.Cli.Sweeping;
using Harness.Store;
using Harness.Sweeps;

namespace Harness.Cli.Commands;

/// <summary>`status EXP`: an experiment version's progress by host (pending / running / done / failed), for workers on many hosts.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var store = CommonOptions.Db();
        var command = new Command("status", "An experiment's progress by host: pending, running, done, failed");
        command.Arguments.Add(name);
        command.Options.Add(store);
        command.Options.Add(version);
        command.SetAction(p =>
        {
            using var opened = StoreAccess.OpenForReading(p.GetValue(store));
            var e = StoreAccess.Experiment(opened, p.GetValue(name)!, p.GetValue(version));
            Write(Console.Out, e, opened.GetTrials(e.Name, e.Version));
            return CliRunner.ExitOk;
        });
        return command;
    }

    internal static void Write(TextWriter w, ExperimentRecord e, IReadOnlyList<TrialRecord> trials)
    {
        var rows = HostProgress.Of(trials);
        int finished = trials.Count(t => t.State.IsFinished());
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{e.Name} v{e.Version}: {trials.Count} trials, {rows.Sum(r => r.Pending)} pending, {rows.Sum(r => r.Running)} running, " +
            $"{finished} finished ({(trials.Count == 0 ? 0 : 100.0 * finished / trials.Count):0.#}%)"));
        TextTable.Write(w, ["host", "pending", "running", "done", "failed", "last heartbeat (UTC)"], rows.Select(r => (IReadOnlyList<string>)
        [
            r.Host ?? "(not claimed)", r.Pending.ToString(CultureInfo.InvariantCulture), r.Running.ToString(CultureInfo.InvariantCulture),
            r.Done.ToString(CultureInfo.InvariantCulture), r.Failed.ToString(CultureInfo.InvariantCulture),
            r.LastHeartbeatUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
        ]));
        if (trials.Count(t => t.State == TrialState.Failed) is > 0 and var failed)
            w.WriteLine($"{failed} trial(s) failed: `harness show {e.Name}` lists their errors; `harness retry {e.Name}` puts them back to pending");
    }
}
