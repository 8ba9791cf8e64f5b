using System.CommandLine;
using System.Globalization;
using Harness.Cli.Training;
using Harness.Data;
using Harness.Engine;

namespace Harness.Cli.Commands;

/// <summary>`evaluate MODEL`: accuracy, per-class accuracy and confusion matrix on a dataset's test split.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "A model file written by train or a sweep (export)" };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset whose test split is evaluated (default: the one saved beside the model by train, else mnist)" };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate only the first N test examples" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("evaluate", "Evaluate a saved model on the test split: accuracy, per-class accuracy, confusion matrix");
        command.Arguments.Add(model);
        command.Options.Add(dataset);
        command.Options.Add(testLimit);
        command.Options.Add(dataDir);
        command.SetAction(p =>
        {
            var file = p.GetValue(model)!;
            if (Directory.Exists(file.FullName)) throw new UserInputException($"model file '{file.FullName}' is a folder; give a .model file (train --out, export --model)");
            if (!file.Exists) throw new UserInputException($"model file '{file.FullName}' not found");
            var m = Model.Load(file.FullName);
            // The dataset train saved beside the model (same samples/noise/seeds => same test split), else MNIST.
            var spec = ModelDataset.TryLoad(file.FullName) ?? new DatasetSpec();
            if (p.GetValue(dataset) is { } name && name.Trim().ToLowerInvariant() != spec.Name)
                spec = new DatasetSpec { Name = name.Trim().ToLowerInvariant() };
            spec = spec with { TrainLimit = null, ValidationLimit = null, TestLimit = p.GetValue(testLimit) ?? spec.TestLimit };
            spec = spec.WithIdxFolder(p.GetValue(dataDir)?.FullName);
            var errors = spec.Validate();
            if (errors.Count > 0) throw new UserInputException(string.Join("\n", errors));
            var data = DatasetCatalog.Load(spec, p.GetValue(dataDir)?.FullName, Console.WriteLine);
            if (data.Test.FeatureCount != m.LayerSizes[0] || data.Test.OutputCount != m.LayerSizes[^1])
                throw new UserInputException(
                    $"model '{file.Name}' has {m.LayerSizes[0]} inputs and {m.LayerSizes[^1]} outputs but dataset '{spec.Name}' has {data.Test.FeatureCount} features and {data.Test.OutputCount} outputs");
            Print(Console.Out, file.Name, data.Test, Evaluator.Evaluate(m, data.Test));
            return CliRunner.ExitOk;
        });
        return command;
    }

    internal static void Print(TextWriter w, string name, Dataset test, Evaluation e)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(inv, $"{name}: test accuracy {TextFormat.Percent(e.Accuracy)}, loss {e.Loss:F5}, {test.Count} examples"));
        w.WriteLine();
        w.WriteLine("per-class accuracy");
        for (int c = 0; c < e.PerClassAccuracy.Length; c++)
            w.WriteLine($"  {c,3}  {TextFormat.Percent(e.PerClassAccuracy[c]),8}");
        w.WriteLine();
        w.WriteLine("confusion matrix (rows: true class, columns: predicted)");
        int k = e.ConfusionMatrix.Length;
        w.WriteLine("      " + string.Concat(Enumerable.Range(0, k).Select(c => $"{c,6}")));
        for (int t = 0; t < k; t++)
            w.WriteLine($"  {t,3} " + string.Concat(e.ConfusionMatrix[t].Select(v => $"{v,6}")));
    }
}
