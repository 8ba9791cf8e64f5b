using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Baselines;
using Harness.Cli.Sweeping;
using Harness.Cli.Training;
using Harness.Data;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>
/// `baseline`: trains ML.NET multiclass trainers on the same split as the MLPs and stores each as a trial of a
/// baseline experiment, so `table` and `compare` show them beside the sweeps.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var experiment = new Option<string>("--experiment") { Description = "Experiment name the baselines are stored under", DefaultValueFactory = _ => "mnist-baselines" };
        var trainers = new Option<string>("--trainers") { Description = $"Comma-separated trainers: {string.Join(", ", BaselineTrainers.Names.Keys)}", DefaultValueFactory = _ => string.Join(",", BaselineTrainers.Names.Keys) };
        var dataset = new Option<string>("--dataset") { Description = "Dataset (default: mnist, standard 50k/10k/10k split)", DefaultValueFactory = _ => "mnist" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training examples" };
        var db = CommonOptions.Db();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("baseline", "Train ML.NET baselines (SDCA and L-BFGS maximum entropy, LightGBM) and store them as trials");
        Option[] options = [experiment, trainers, dataset, trainLimit, db, dataDir];
        foreach (var o in options) command.Options.Add(o);
        command.SetAction(p =>
        {
            ExperimentNames.Require(p.GetValue(experiment), "--experiment");
            var chosen = p.GetValue(trainers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => BaselineTrainers.Names.TryGetValue(n.ToLowerInvariant(), out var t)
                    ? t
                    : throw new UserInputException($"--trainers: '{n}' is not a baseline trainer; allowed: {string.Join(", ", BaselineTrainers.Names.Keys)}"))
                .ToList();
            if (chosen.Count == 0) throw new UserInputException($"--trainers: give at least one of {string.Join(", ", BaselineTrainers.Names.Keys)}");
            var spec = new DatasetSpec { Name = p.GetValue(dataset)!.Trim().ToLowerInvariant(), TrainLimit = p.GetValue(trainLimit) }
                .WithIdxFolder(p.GetValue(dataDir)?.FullName);
            var errors = spec.Validate();
            if (errors.Count > 0) throw new UserInputException(string.Join("\n", errors.Select(e => FieldOptions.Named(e, options))));
            var data = DatasetCatalog.Load(spec, p.GetValue(dataDir)?.FullName, Console.WriteLine);
            if (data.Train.Labels is null) throw new UserInputException($"--dataset: '{spec.Name}' is a regression set; baselines need class labels");

            using var store = StoreAccess.OpenForWriting(p.GetValue(db));
            var specNode = JsonNode.Parse(spec.ToJson())!;
            var trials = BaselineRunner.Run(store, p.GetValue(experiment)!, specNode, data, chosen, Console.WriteLine);

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine();
            Console.WriteLine($"{"trainer",-14} {"state",-9} {"val acc",8} {"test acc",8} {"seconds",8}");
            foreach (var t in trials.OrderBy(t => t.Number))
                Console.WriteLine(string.Create(inv, $"{t.Key,-14} {t.State.Name(),-9} {TextFormat.Percent(t.ValidationAccuracy),8} {TextFormat.Percent(t.TestAccuracy),8} {t.Seconds,8:F1}"));
            Console.WriteLine($"stored in {StoreAccess.Name(store)} as experiment '{p.GetValue(experiment)}'");
            return trials.Any(t => t.State == TrialState.Failed) ? CliRunner.ExitFailed : CliRunner.ExitOk;
        });
        return command;
    }
}
