using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Harness.Cli.Training;
using Harness.Data;
using Harness.Engine;

namespace Harness.Cli.Commands;

/// <summary>
/// `perceptron`: Rosenblatt's learning rule on a single layer of threshold units (one-vs-rest for more than two
/// classes). Prints mistakes per epoch, whether training converged, and train/validation/test accuracy.
/// </summary>
internal static class PerceptronCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = $"Dataset: {string.Join(", ", DatasetSpec.Names.Where(n => n != "csv"))} (default: mnist)",
            DefaultValueFactory = _ => "mnist",
        };
        var lr = new Option<double>("--lr") { Description = "Learning rate η in w += η·(y − ŷ)·x", DefaultValueFactory = _ => 1.0 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs; stops earlier after an epoch without mistakes", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the per-epoch shuffle", DefaultValueFactory = _ => 1 };
        var sign = new Option<bool>("--sign") { Description = "Outputs and targets in {-1, +1} (sign) instead of {0, 1} (step)" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train on the first N training examples only" };
        var samples = new Option<int?>("--samples") { Description = "Synthetic sets: number of points (xor without it is the 4-point truth table)" };
        var noise = new Option<double?>("--noise") { Description = "Synthetic sets: Gaussian noise standard deviation" };
        var dataDir = CommonOptions.DataDir();

        var command = new Command("perceptron",
            "Train a single-layer perceptron with Rosenblatt's rule: mistakes per epoch, convergence, accuracy");
        Option[] options = [dataset, lr, epochs, seed, sign, trainLimit, samples, noise, dataDir];
        foreach (var o in options) command.Options.Add(o);
        command.SetAction((p, ct) =>
        {
            int maxEpochs = p.GetValue(epochs);
            if (maxEpochs < 1) throw new UserInputException($"--epochs: {maxEpochs} is not allowed; it must be >= 1");
            double rate = p.GetValue(lr);
            if (!(rate > 0 && double.IsFinite(rate))) throw new UserInputException($"--lr: {rate.ToString(CultureInfo.InvariantCulture)} is not allowed; it must be > 0");
            var spec = new DatasetSpec
            {
                Name = p.GetValue(dataset)!.Trim().ToLowerInvariant(),
                TrainLimit = p.GetValue(trainLimit),
                Samples = p.GetValue(samples),
                Noise = p.GetValue(noise),
            };
            spec = spec.WithIdxFolder(p.GetValue(dataDir)?.FullName);
            var errors = spec.Validate();
            if (errors.Count > 0) throw new UserInputException(string.Join(Environment.NewLine, errors.Select(e => FieldOptions.Named(e, options))));
            var config = new PerceptronConfig(rate, maxEpochs, p.GetValue(seed), p.GetValue(sign));
            var data = DatasetCatalog.Load(spec, p.GetValue(dataDir)?.FullName, Console.WriteLine);
            Run(Console.Out, spec.Name, data, config, ct);
            return Task.FromResult(CliRunner.ExitOk);
        });
        return command;
    }

    /// <summary>Trains on <paramref name="data"/>.Train and writes the run to <paramref name="w"/>.</summary>
    internal static PerceptronResult Run(TextWriter w, string name, DataSplits data, PerceptronConfig config, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var train = data.Train;
        if (train.Labels is null)
            throw new UserInputException($"dataset '{name}' has no class labels; the perceptron needs a classification set (not 'function')");
        int units = train.ClassCount == 2 ? 1 : train.ClassCount;
        w.WriteLine(string.Create(inv,
            $"perceptron on {name}: {train.Count} train, {data.Validation.Count} validation, {data.Test.Count} test examples, " +
            $"{train.FeatureCount} features, {train.ClassCount} classes ({(units == 1 ? "1 unit" : $"{units} one-vs-rest units")})"));
        w.WriteLine(string.Create(inv,
            $"learning rate {config.LearningRate}, max epochs {config.MaxEpochs}, seed {config.Seed}, {(config.UseSign ? "sign output {-1,+1}" : "step output {0,1}")}"));
        w.WriteLine();
        if (units > 1) w.WriteLine("mistakes: training examples on which at least one unit was wrong (and was updated)");
        w.WriteLine("epoch  mistakes  of train");
        var clock = Stopwatch.StartNew();
        var result = PerceptronTrainer.Train(train, config, ct, (epoch, mistakes) =>
            w.WriteLine(string.Create(inv, $"{epoch,5}  {mistakes,8}  {TextFormat.Percent((double)mistakes / Math.Max(1, train.Count)),8}")));
        double seconds = clock.Elapsed.TotalSeconds;
        w.WriteLine();
        w.WriteLine(result.Converged
            ? string.Create(inv, $"converged after {result.EpochsRun} epochs: no mistakes on the training set ({seconds:F1} s)")
            : string.Create(inv, $"did not converge in {result.EpochsRun} epochs: {result.MistakesPerEpoch[^1]} mistakes in the last epoch ({seconds:F1} s)"));
        w.WriteLine(string.Create(inv,
            $"train accuracy {TextFormat.Percent(result.Accuracy(train))}, validation accuracy {TextFormat.Percent(result.Accuracy(data.Validation))}, test accuracy {TextFormat.Percent(result.Accuracy(data.Test))}"));
        return result;
    }

}
