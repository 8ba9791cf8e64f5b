using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Cli.Usage;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `delete EXP [--version V] [--yes]`: removes an experiment (one version, or all) with its trials, epoch rows and
/// models, after a confirmation. Refused while a trial of it runs; trials left running by a dead process are
/// re-queued first (as a sweep's start does), so they do not block it.
/// </summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Delete only this version (default: every version)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when standard input is not a terminal)" };
        var db = CommonOptions.Db();
        var command = new Command("delete", "Delete an experiment (or one version) with its trials, epochs and models");
        command.Arguments.Add(name);
        foreach (var o in new Option[] { version, yes, db }) command.Options.Add(o);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenExistingForWriting(p.GetValue(db));
            var what = p.GetValue(name)!;
            var v = p.GetValue(version);
            return Run(store, what, v, ask => Confirmation.Ask(ask, p.GetValue(yes), "delete"), Console.Out);
        });
        return command;
    }

    internal static int Run(IExperimentStore store, string name, int? version, Func<string, bool> confirm, TextWriter w)
    {
        StoreAccess.Experiment(store, name, version); // unknown name or version: bad input naming the known ones
        var versions = store.ListExperiments().Where(e => e.Name == name && (version is null || e.Version == version)).ToList();
        var trials = versions.Sum(e => store.GetTrials(name, e.Version).Count);
        var which = version is { } one ? $"version {one} of experiment '{name}'" : $"experiment '{name}' ({Versions(versions.Count)})";
        if (!confirm($"delete {which} with its {trials} trials, their epochs and models?"))
        {
            w.WriteLine("nothing deleted");
            return CliRunner.ExitOk;
        }
        store.RequeueStale(StaleGrace);
        try
        {
            store.DeleteExperiment(name, version);
        }
        catch (InvalidOperationException e)
        {
            throw new UserInputException(e.Message);
        }
        w.WriteLine($"deleted {which}: {trials} trials");
        return CliRunner.ExitOk;
    }

    /// <summary>A running trial silent this long (or whose process on this host is gone) was left by a dead sweep.</summary>
    internal static readonly TimeSpan StaleGrace = new Harness.Sweeps.SweepOptions().StaleGrace;

    private static string Versions(int n) => n == 1 ? "1 version" : $"all {n} versions";
}
