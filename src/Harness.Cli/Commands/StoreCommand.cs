using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `store copy --from A --to B`: moves experiments between stores (LiteDB file and PostgreSQL, either way) with
/// every trial, epoch row and model, verified by counts and checksums. Exit 2 when a name is unknown, the target
/// has the experiment already, or a store cannot be opened; nothing is written then.
/// </summary>
internal static class StoreCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source store: a LiteDB file or postgres://user:password@host:port/database", Required = true };
        var to = new Option<string>("--to") { Description = "Target store (created when missing), of either kind", Required = true };
        var experiments = new Option<string[]>("--experiment") { Description = "Experiment to copy (repeat for several; default: all)", AllowMultipleArgumentsPerToken = true };
        var copy = new Command("copy", "Copy experiments (every version, trial, epoch row and model) to another store and verify the copy");
        foreach (var o in new Option[] { from, to, experiments }) copy.Options.Add(o);
        copy.SetAction(p =>
        {
            var source = StoreAccess.Resolve(p.GetValue(from));
            var target = StoreAccess.Resolve(p.GetValue(to));
            if (source.Display == target.Display) throw new UserInputException($"--from and --to are the same store ({source.Display})");
            using var reading = StoreAccess.OpenForReading(p.GetValue(from), "--from");
            using var writing = StoreAccess.OpenForWriting(p.GetValue(to), "--to");
            Console.WriteLine($"copying from {source.Display} to {target.Display}");
            try
            {
                var copied = StoreCopy.Copy(reading, writing, p.GetValue(experiments) ?? [], Console.WriteLine);
                Console.WriteLine($"{copied.Count} experiment version(s), {copied.Sum(c => c.Trials)} trials, {copied.Sum(c => c.Epochs)} epoch rows, " +
                                  $"{copied.Sum(c => c.Models)} models copied and verified");
            }
            catch (InvalidOperationException e) { throw new UserInputException(e.Message); }
            return CliRunner.ExitOk;
        });
        var command = new Command("store", "Work on whole stores: copy experiments between LiteDB and PostgreSQL");
        command.Subcommands.Add(copy);
        return command;
    }
}
