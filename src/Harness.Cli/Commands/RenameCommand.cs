using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Cli.Usage;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `rename EXP NEW [--yes]`: every version of the experiment takes the new name, trials, epochs and models with
/// it, after a confirmation. The new name must follow the experiment-name rule and be free; refused while a trial runs.
/// </summary>
internal static class RenameCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var newName = new Argument<string>("new-name") { Description = $"New name: {ExperimentNames.Rule}" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when standard input is not a terminal)" };
        var db = CommonOptions.Db();
        var command = new Command("rename", "Rename an experiment (every version, with its trials, epochs and models)");
        command.Arguments.Add(name);
        command.Arguments.Add(newName);
        command.Options.Add(yes);
        command.Options.Add(db);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenExistingForWriting(p.GetValue(db));
            return Run(store, p.GetValue(name)!, p.GetValue(newName)!, ask => Confirmation.Ask(ask, p.GetValue(yes), "rename"), Console.Out);
        });
        return command;
    }

    internal static int Run(IExperimentStore store, string name, string newName, Func<string, bool> confirm, TextWriter w)
    {
        StoreAccess.Experiment(store, name, version: null);
        ExperimentNames.Require(newName, "new experiment name");
        if (store.GetExperiment(newName) is not null)
            throw new UserInputException($"new experiment name '{newName}' is taken; choose a name no experiment has (see `harness list`)");
        var versions = store.ListExperiments().Count(e => e.Name == name);
        if (!confirm($"rename experiment '{name}' ({versions} version{(versions == 1 ? "" : "s")}) to '{newName}'?"))
        {
            w.WriteLine("nothing renamed");
            return CliRunner.ExitOk;
        }
        store.RequeueStale(DeleteCommand.StaleGrace);
        try
        {
            store.RenameExperiment(name, newName);
        }
        catch (InvalidOperationException e)
        {
            throw new UserInputException(e.Message);
        }
        w.WriteLine($"renamed '{name}' to '{newName}' ({versions} version{(versions == 1 ? "" : "s")})");
        return CliRunner.ExitOk;
    }
}
