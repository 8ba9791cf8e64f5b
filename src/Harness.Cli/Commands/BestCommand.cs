using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Harness.Cli.Sweeping;
using Harness.Data;
using Harness.Engine;
using Harness.Reports.Trials;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `best EXP`: the configuration with the best mean validation accuracy over its seeds (as `table` aggregates),
/// its test accuracy, and a `train --config` file (dataset included) that reproduces its best seed's trial.
/// </summary>
internal static class BestCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var output = new Option<FileInfo?>("--out")
        {
            Description = "Where to write the train config file that reproduces the best trial (default: EXP/best-config.json beside the store, i.e. results/EXP/best-config.json)",
        }.WritesFile();
        var db = CommonOptions.Db();
        var command = new Command("best",
            "Print the best configuration of an experiment (mean validation accuracy over seeds), its test accuracy and the train command that reproduces it; writes that command's config file");
        command.Arguments.Add(name);
        command.Options.Add(version);
        command.Options.Add(output);
        command.Options.Add(db);
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            var experiment = p.GetValue(name)!;
            var path = p.GetValue(output)?.FullName
                ?? Path.Combine(Path.GetDirectoryName(StoreAccess.Resolve(p.GetValue(db)).FilePath ?? RepoPaths.Database())!, experiment, "best-config.json");
            return Write(Console.Out, Console.Error, store, experiment, p.GetValue(version), path);
        });
        return command;
    }

    /// <summary>
    /// Which weights the test accuracy is of, where they are not the best epoch's: without restore_best a trial keeps
    /// its last epoch's weights, so its validation (best epoch) and test (last epoch) accuracies are of different weights.
    /// </summary>
    internal static string TestWeights(TrialRecord trial)
    {
        if (trial.BestEpoch is not { } bestEpoch || bestEpoch >= trial.EpochsRun) return "";
        var config = JsonSerializer.Deserialize<TrainConfig>(trial.ConfigJson, EngineJson.Options);
        return config?.EarlyStopping?.RestoreBest == true ? "" : $" (of the weights after epoch {trial.EpochsRun}: restore_best is off)";
    }

    /// <summary>Prints the best configuration and writes its config file to <paramref name="path"/>.</summary>
    internal static int Write(TextWriter w, TextWriter error, IExperimentStore store, string name, int? version, string path)
    {
        var e = StoreAccess.Experiment(store, name, version);
        var all = store.GetTrials(e.Name, e.Version);
        var ranked = RankedConfiguration.Rank(all);
        if (ranked.Count == 0)
        {
            error.WriteLine($"{e.Name} v{e.Version}: no complete trial yet, so no best configuration ({TrialText.Counted(all)})");
            return CliRunner.ExitFailed;
        }
        var best = ranked[0];
        var trial = best.Representative;
        ReproductionFile.Write(path, e, trial);
        var shown = Shown(path);
        w.WriteLine($"{e.Name} v{e.Version}: best of {ranked.Count} configuration(s) ({all.Count} trials), by mean validation accuracy over seeds");
        w.WriteLine($"  params:              {TrialText.Params(trial)}");
        w.WriteLine($"  seeds:               {best.Trials.Count} (trials {string.Join(", ", best.Trials.Select(t => t.Number))})");
        w.WriteLine($"  validation accuracy  {MeanStd(best.ValidationMean, best.ValidationStd, best.Trials.Count)}");
        w.WriteLine($"  test accuracy        {MeanStd(best.TestMean, best.TestStd, best.Trials.Count)}");
        w.WriteLine($"  best seed:           trial {trial.Number}, seed {trial.Seed}: validation {TextFormat.Percent(trial.ValidationAccuracy)} " +
                    $"(epoch {trial.BestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-"} of {trial.EpochsRun}), test {TextFormat.Percent(trial.TestAccuracy)}{TestWeights(trial)}");
        w.WriteLine($"  config file:         {shown} (the trial's configuration and the experiment's dataset)");
        w.WriteLine("  reproduce it with:");
        w.WriteLine($"    harness train --config {Quote(shown)}");
        if (best.Trials.Count > 1)
            w.WriteLine($"  the other seeds:     add --seed {string.Join(" | ", best.Trials.Where(t => t != trial).Select(t => t.Seed))}");
        w.WriteLine("  config:");
        w.Write(File.ReadAllText(path));
        return CliRunner.ExitOk;
    }

    private static string MeanStd(double mean, double std, int n) => double.IsNaN(mean) ? "-"
        : n > 1 ? $"{TextFormat.Percent(mean)} ± {(std * 100).ToString("F2", CultureInfo.InvariantCulture)} (mean ± std over {n} seeds)"
        : TextFormat.Percent(mean);

    /// <summary>The path relative to the repository when it lies inside it, else as given.</summary>
    private static string Shown(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(RepoPaths.Root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
