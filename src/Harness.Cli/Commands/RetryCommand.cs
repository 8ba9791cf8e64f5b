using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `retry EXP [--version V]`: the version's failed trials go back to pending (their errors printed once more, their
/// rows and partial results removed), so the next `sweep` or worker trains them again; every other trial stays as it
/// is. For failures whose cause is gone (memory, a full disk, a bug since fixed); a diverged trial would diverge again.
/// </summary>
internal static class RetryCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var db = CommonOptions.Db();
        var command = new Command("retry", "Put an experiment's failed trials back to pending, so that the next sweep or worker trains them again");
        command.Arguments.Add(name);
        command.Options.Add(version);
        command.Options.Add(db);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenExistingForWriting(p.GetValue(db));
            return Run(store, p.GetValue(name)!, p.GetValue(version), Console.Out);
        });
        return command;
    }

    internal static int Run(IExperimentStore store, string name, int? version, TextWriter w)
    {
        var e = StoreAccess.Experiment(store, name, version); // unknown name or version: bad input naming the known ones
        var errors = store.GetTrials(e.Name, e.Version).Where(t => t.State == TrialState.Failed).ToDictionary(t => t.Id, t => t.Error);
        var retried = store.RetryFailed(e.Name, e.Version);
        if (retried.Count == 0)
        {
            w.WriteLine($"{e.Name} v{e.Version}: no failed trial; nothing changed");
            return CliRunner.ExitOk;
        }
        w.WriteLine($"{e.Name} v{e.Version}: {retried.Count} failed trial(s) back to pending:");
        foreach (var t in retried)
            w.WriteLine($"  trial {t.Number} ({TrialText.Params(t)}) had failed: {errors.GetValueOrDefault(t.Id) ?? "(no error stored)"}");
        w.WriteLine("the next `harness sweep` of the experiment's file (or its workers) trains them");
        return CliRunner.ExitOk;
    }
}
