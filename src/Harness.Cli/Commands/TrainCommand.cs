using System.CommandLine;
using System.Globalization;
using Harness.Cli.Training;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;
using Harness.Sweeps;

namespace Harness.Cli.Commands;

/// <summary>
/// `train`: one configuration from options and/or `--config FILE.json` (options override the file). Prints the
/// resolved configuration, one line per epoch, the final test accuracy, and saves the model (plus its dataset
/// spec beside it, for `evaluate`). Ctrl+C stops between batches and saves nothing (exit 130).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var knobs = new TrainConfigOptions();
        var output = new Option<FileInfo?>("--out") { Description = "Where to save the model (default: results/models/<name or time>.model)" }.WritesFile();
        var name = new Option<string?>("--name") { Description = "Run name, used for the default model file name" };
        var engine = new Option<string>("--engine") { Description = "Engine: auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
        engine.AcceptOnlyFromAmong([.. EngineChoice.Names]);
        var command = new Command("train",
            "Train one MLP or CNN configuration (default: MNIST [784,100,10] ReLU, softmax CE, SGD 0.1, batch 64, 10 epochs, early stopping on validation accuracy; --layers for a CNN)");
        knobs.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(name);
        command.Options.Add(engine);
        command.SetAction(p => Run(p, knobs, output, name, engine, Console.Out));
        return command;
    }

    private static int Run(ParseResult p, TrainConfigOptions knobs, Option<FileInfo?> outOption, Option<string?> nameOption,
        Option<string> engineOption, TextWriter w)
    {
        var (config, datasetSpec) = knobs.Resolve(p);
        EngineChoice.Check(p.GetValue(engineOption)!);
        var path = ModelPath(p.GetValue(outOption), p.GetValue(nameOption));
        using var starting = new EngineStart(p.GetValue(engineOption)!);
        var data = DatasetCatalog.Load(datasetSpec, p.GetValue(knobs.DataDir)?.FullName, w.WriteLine);
        ConfigPrinter.Print(w, config, datasetSpec, data);

        using var engine = starting.Take(w.WriteLine);
        if (engine is RoutingEngine router && router.Route([config]) is ({ } routedTo, { } why))
            w.WriteLine(RoutingEngine.RoutedLine(routedTo.Name, 1, why));
        using var stopRequest = new StopRequest();
        w.WriteLine();
        w.WriteLine($"{"epoch",5} {"train loss",11} {"train acc",9} {"val loss",10} {"val acc",8} {"lr",10} {"seconds",8}");
        var result = Trainer.Train(config, data, new TrainOptions
        {
            CancellationToken = stopRequest.Token,
            OnEpoch = m =>
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Epoch,5} {m.TrainLoss,11:F5} {TextFormat.Percent(m.TrainAccuracy),9} {m.ValidationLoss,10:F5} {TextFormat.Percent(m.ValidationAccuracy),8} {m.LearningRate,10:G4} {m.Seconds,8:F2}"));
                return true;
            },
        }, engine);

        if (result.StopReason == StopReason.Cancelled)
        {
            w.WriteLine($"interrupted after {result.History.Count} epochs; no model saved");
            return CliRunner.ExitInterrupted;
        }
        if (result.StopReason == StopReason.Diverged)
        {
            Console.Error.WriteLine($"error: training {result.Divergence ?? "diverged"}; try a smaller --lr");
            return CliRunner.ExitFailed;
        }

        var test = Evaluator.Evaluate(result.Model, data.Test);
        var stop = result.StopReason == StopReason.EarlyStopped
            ? $"early stopped after {result.History.Count} epochs, best epoch {result.BestEpoch}"
            : $"{result.History.Count} epochs, best epoch {result.BestEpoch}";
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test accuracy {TextFormat.Percent(test.Accuracy)} (loss {test.Loss:F5}) on {data.Test.Count} examples; {stop}; {result.Seconds:F1} s"));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        result.Model.Save(path);
        ModelDataset.Save(path, datasetSpec);
        w.WriteLine($"model saved to {path}");
        return CliRunner.ExitOk;
    }

    /// <summary>--out if given, else results/models/NAME.model, else results/models/train-TIME.model.</summary>
    internal static string ModelPath(FileInfo? output, string? name)
    {
        if (output is not null) return output.FullName;
        if (name is not null)
        {
            if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/') || name.Contains('\\'))
                throw new UserInputException($"--name: '{name}' is not usable as a file name; use letters, digits, '-', '_' or '.'");
            return Path.Combine(RepoPaths.Results, "models", name + ".model");
        }
        return Path.Combine(RepoPaths.Results, "models", $"train-{DateTime.Now:yyyyMMdd-HHmmss}.model");
    }
}
