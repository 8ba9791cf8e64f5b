using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Data;
using Harness.Engine;
using Harness.Reports.Html;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>`report EXP`: every table and figure plus index.html under results/EXP (or --out).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var experiment = new Argument<string>("experiment") { Description = "Experiment name" };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: results/EXPERIMENT under the repository)" }.WritesFolder();
        var by = TableCommand.By();
        var bestK = new Option<int>("--best-k") { Description = "Learning curves for this many best trials", DefaultValueFactory = _ => 5 };
        bestK.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--best-k must be at least 1"); });
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var db = CommonOptions.Db();
        var dataDir = CommonOptions.DataDir();
        var cmd = new Command("report", "Write all tables, figures (PNG + SVG) and a self-contained index.html for an experiment");
        cmd.Arguments.Add(experiment);
        cmd.Options.Add(outDir);
        cmd.Options.Add(by);
        cmd.Options.Add(bestK);
        cmd.Options.Add(version);
        cmd.Options.Add(db);
        cmd.Options.Add(dataDir);
        cmd.SetAction(parse =>
        {
            var name = parse.GetValue(experiment)!;
            var dir = parse.GetValue(outDir)?.FullName ?? DefaultFolder(name);
            using var store = StoreAccess.OpenForReading(parse.GetValue(db));
            var e = StoreAccess.Experiment(store, name, parse.GetValue(version));
            var (inspector, reason) = Inspector(e, parse.GetValue(dataDir)?.FullName);
            var result = ReportWriter.Write(store, name, new ReportOptions
            {
                OutDir = dir,
                Version = e.Version,
                By = TableCommand.SplitKeys(parse.GetValue(by)),
                BestK = parse.GetValue(bestK),
                Inspector = inspector,
                NoInspectorReason = reason,
            });
            foreach (var note in result.Notes) Console.Error.WriteLine("note: " + note);
            Console.WriteLine($"wrote {result.Files.Count} files and {result.IndexPath}");
            return CliRunner.ExitOk;
        });
        return cmd;
    }

    /// <summary>
    /// results/NAME under the repository. The name must follow <see cref="ExperimentNames.Rule"/> (so '..' or '.'
    /// cannot put the report outside results/ or into results/ itself), and the folder is checked to lie inside results/.
    /// </summary>
    internal static string DefaultFolder(string name)
    {
        if (ExperimentNames.Problem(name) is { } problem)
            throw new UserInputException(
                $"experiment name '{name}' cannot be a report folder ({problem}); names are {ExperimentNames.Rule}. " +
                "Pass --out FOLDER to write its report elsewhere");
        return ReportPaths.Inside(RepoPaths.Results, name);
    }

    /// <summary>Hidden activations are sampled on this many test examples (correlation and histograms).</summary>
    private const int ActivationExamples = 1000;

    /// <summary>
    /// The best model's figures need the experiment's test split (the "dataset" of its stored spec; MNIST when the
    /// spec has none): without it the report leaves them out and says why. The inspector loads the model with the
    /// engine, evaluates it on the test split (confusion matrix) and reads its first-layer weights and hidden
    /// activations.
    /// </summary>
    private static (ModelInspector? Inspector, string? Reason) Inspector(ExperimentRecord? experiment, string? dataDir)
    {
        if (experiment is null) return (null, "experiment not found");
        DatasetSpec spec;
        try
        {
            spec = DatasetOf(experiment);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException)
        {
            return (null, $"the experiment's dataset could not be read from its spec: {ex.Message}");
        }
        var mnistDir = RepoPaths.MnistDir(dataDir);
        if (spec.Name == "mnist" && !Directory.Exists(mnistDir))
            return (null, $"MNIST not found at {mnistDir} (run `harness data fetch` or pass --data-dir)");
        DataSplits? splits = null;
        return ((bytes, trial) =>
        {
            splits ??= DatasetCatalog.Load(spec, dataDir);
            var test = splits.Test;
            var model = Model.FromBytes(bytes);
            var eval = Evaluator.Evaluate(model, test);
            if (model.Spec.Plan is { } plan) return Reporting.CnnInsights.Of(model, plan, splits, eval.ConfusionMatrix);
            var sizes = model.LayerSizes;
            var hidden = model.HiddenActivations(test, ActivationExamples)
                .Select((a, i) => new HiddenActivations(a, sizes[i + 1])).ToList();
            return new ModelInsights(eval.ConfusionMatrix, model.Weights(0).ToArray(), sizes[1], sizes[0], hidden, "test");
        }, null);
    }

    /// <summary>The "dataset" object of an experiment's stored spec, or the default (MNIST) when it has none.</summary>
    internal static DatasetSpec DatasetOf(ExperimentRecord experiment) =>
        System.Text.Json.Nodes.JsonNode.Parse(experiment.SpecJson, documentOptions: new System.Text.Json.JsonDocumentOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }) is System.Text.Json.Nodes.JsonObject o && o["dataset"] is { } ds
            ? DatasetSpec.FromJson(ds.ToJsonString())
            : new DatasetSpec();
}
