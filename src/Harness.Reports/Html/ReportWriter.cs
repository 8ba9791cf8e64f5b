using System.Net;
using System.Text;
using Harness.Data;
using Harness.Reports.Figures;
using Harness.Reports.PlotData;
using Harness.Reports.Tables;
using Harness.Reports.Trials;

namespace Harness.Reports.Html;

/// <summary>
/// Writes an experiment's full report: every table (txt, md, csv, tex per metric), every figure (png + svg) and a
/// self-contained index.html: figures embedded as data: URIs, linking to the files beside it by relative paths, and
/// nothing from the network.
/// Reads the store; never trains. Every file lands inside the output folder: each path is checked by
/// <see cref="ReportPaths.Inside"/>.
/// </summary>
public static class ReportWriter
{
    private static readonly Metric[] TableMetrics = [Metric.TestAccuracy, Metric.ValidationAccuracy, Metric.Epochs, Metric.Seconds];

    public static ReportResult Write(IExperimentStore store, string experiment, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        var exp = store.GetExperiment(experiment, options.Version) ?? throw new ArgumentException(
            (options.Version is { } v ? $"no version {v} of experiment '{experiment}' in the store" : $"no experiment named '{experiment}' in the store") + "; known: " +
            string.Join(", ", store.ListExperiments().Select(e => e.Name).Distinct().DefaultIfEmpty("(none)")));
        var trials = store.GetTrials(experiment, exp.Version);
        var page = new HtmlPage($"{exp.Name} (version {exp.Version})");
        var files = new List<string>();
        var notes = new List<string>();
        string outDir = Path.GetFullPath(options.OutDir);

        page.Paragraph($"{trials.Count} trials: " + string.Join(", ", trials.GroupBy(t => t.State).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.Name()}")) + $". Spec hash {SpecHashText.Short(exp.SpecHash)}.");
        if (SpecSummary.Parse(exp.SpecJson) is { } spec)
        {
            page.Section("Experiment", "What every trial shares (dataset, base configuration) and what the search varies.");
            if (spec.Dataset.Count > 0) page.Definitions("Dataset", spec.Dataset);
            if (spec.Base.Count > 0) page.Definitions("Base configuration", spec.Base);
            if (spec.Search.Count > 0) page.Definitions("Search space", spec.Search);
        }
        var complete = TrialSet.Complete(trials, Metric.ValidationAccuracy);
        if (complete.Count == 0)
        {
            notes.Add("no complete trials with a validation accuracy yet: no tables or figures");
            page.Note(notes[^1]);
            Directory.CreateDirectory(outDir);
            return Finish(page, outDir, files, notes);
        }
        var keys = options.By is { Count: > 0 } ? options.By : TrialSet.DefaultKeys(complete);
        foreach (var key in keys) _ = complete.Select(v => v.Value(key)).ToList(); // an unknown key throws before any file is made
        Directory.CreateDirectory(outDir);
        string Rel(string path) => Path.GetRelativePath(outDir, path).Replace('\\', '/');
        string Stem(string name) => ReportPaths.Inside(outDir, "figures", name);
        void Figure(string caption, Func<FigureFiles> draw)
        {
            try
            {
                var f = draw();
                files.Add(Rel(f.Png));
                files.Add(Rel(f.Svg));
                page.Figure(caption, Rel(f.Png), Rel(f.Svg), File.ReadAllBytes(f.Png));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InvalidDataException)
            {
                notes.Add($"{caption}: not drawn: {ErrorText.Sentence(ex)}");
                page.Note(notes[^1]);
            }
        }

        // Tables
        page.Section("Tables", $"Mean ± sample std over seeds per configuration (grouped by {string.Join(", ", keys)}), n trials, best single trial; best mean marked.");
        foreach (var metric in TableMetrics)
        {
            if (TrialSet.Complete(trials, metric).Count == 0) continue;
            var table = TableBuilder.Build(exp.Name, trials, metric, keys);
            var links = new List<(string, string)>();
            foreach (var format in Enum.GetValues<TableFormat>())
            {
                var path = ReportPaths.Inside(outDir, "tables", $"{metric.Name()}.{format.Extension()}");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.WriteAllText(path, TableWriter.Write(table, format));
                files.Add(Rel(path));
                links.Add((format.Extension(), Rel(path)));
            }
            page.Table(table, links);
        }

        // Search figures
        page.Section("Search", "How the searched hyperparameters relate to validation accuracy.");
        Figure("Optimization history: validation accuracy by trial number, best so far",
            () => FigureRenderer.OptimizationHistory(OptimizationHistory.Build(trials), Metric.ValidationAccuracy,
                $"{exp.Name}: optimization history", Stem("optimization_history")));
        var searched = TrialSet.SearchedParams(trials).ToList();
        var scatterParams = keys.Concat(searched).Where(p => p != "hidden" || !keys.Contains("depth")).Distinct()
            .Where(p => complete.Select(v => v.Value(p)).Distinct().Count() > 1).ToList();
        foreach (var p in scatterParams)
        {
            var colour = scatterParams.FirstOrDefault(q => q != p);
            Figure($"Validation accuracy vs {p}" + (colour is null ? "" : $", coloured by {colour}"),
                () => FigureRenderer.ParamScatter(ParamScatter.Build(trials, p, colour), $"{exp.Name}: validation accuracy vs {p}",
                    Stem("val_acc_vs_" + Safe(p))));
        }
        var gridKeys = keys.Contains("depth") && keys.Contains("width") ? ["depth", "width"] : scatterParams.Take(2).ToList();
        if (gridKeys.Count == 2)
            Figure($"Mean test accuracy over {gridKeys[0]} x {gridKeys[1]}",
                () => FigureRenderer.Heatmap(HeatmapGrid.Build(trials, gridKeys[0], gridKeys[1], Metric.TestAccuracy),
                    $"{exp.Name}: test accuracy by {gridKeys[0]} and {gridKeys[1]}", Stem($"heatmap_{Safe(gridKeys[0])}_x_{Safe(gridKeys[1])}")));
        Figure("Parallel coordinates of all complete trials, coloured by validation accuracy",
            () => FigureRenderer.ParallelCoordinates(ParallelCoordinates.Build(trials, keys), $"{exp.Name}: all trials",
                Stem("parallel_coordinates")));
        // A box over one seed is a line with no spread: drawn only when some configuration has two or more seeds.
        if (TrialSet.Complete(trials, Metric.TestAccuracy).Count > 0)
        {
            if (SeedBoxes.Build(trials, keys).Any(b => b.Values.Count >= 2))
                Figure("Test accuracy over seeds per configuration",
                    () => FigureRenderer.SeedBoxes(SeedBoxes.Build(trials, keys), Metric.TestAccuracy, $"{exp.Name}: test accuracy over seeds",
                        Stem("seed_boxes"), SeedBoxes.AxisLabel(keys)));
            else page.Paragraph("Test accuracy over seeds: no configuration has two or more seeds, so there is no spread to show.");
        }

        ImportanceSection.Write(page, trials, keys, exp.Name, Stem, Figure, notes);

        // Training
        page.Section("Training", $"Learning curves of the {options.BestK} best trials by validation accuracy; the diamond marks the epoch whose weights were kept.");
        var curves = LearningCurves.BestK(trials, store.GetEpochs, options.BestK, keys);
        if (curves.Count == 0)
        {
            notes.Add("learning curves: the best trials have no epoch rows");
            page.Note(notes[^1]);
        }
        else
        {
            Figure("Accuracy per epoch", () => FigureRenderer.LearningCurves(curves, loss: false, $"{exp.Name}: best {curves.Count}",
                Stem("learning_curves_accuracy")));
            Figure("Loss per epoch", () => FigureRenderer.LearningCurves(curves, loss: true, $"{exp.Name}: best {curves.Count}",
                Stem("learning_curves_loss")));
        }

        // Best model
        var best = complete.OrderByDescending(v => v.Record.ValidationAccuracy).ThenBy(v => v.Id).First();
        page.Section("Best model", $"Trial #{best.Record.Number} (id {best.Id}, seed {best.Record.Seed}): " +
            string.Join(", ", keys.Select(k => $"{k}={TrialSet.Display(best.Value(k))}")) +
            $"; validation {best.Record.ValidationAccuracy * 100:F2}%, test {(best.Record.TestAccuracy * 100)?.ToString("F2") ?? "–"}%.");
        WriteModelFigures(store, best, options, exp.Name, Stem, Figure, page, notes);
        return Finish(page, outDir, files, notes);
    }

    private static void WriteModelFigures(IExperimentStore store, TrialView best, ReportOptions options, string name,
        Func<string, string> stem, Action<string, Func<FigureFiles>> figure, HtmlPage page, List<string> notes)
    {
        if (options.Inspector is null)
        {
            notes.Add("best-model figures left out: " + (options.NoInspectorReason ?? "no model inspector was given"));
            page.Note(notes[^1]);
            return;
        }
        var bytes = store.LoadModel(best.Id);
        if (bytes is null)
        {
            notes.Add($"best-model figures left out: trial {best.Id} stored no model");
            page.Note(notes[^1]);
            return;
        }
        ModelInsights m;
        try { m = options.Inspector(bytes, best.Record); }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            notes.Add($"best-model figures left out: {ex.Message}");
            page.Note(notes[^1]);
            return;
        }
        // Every best-model figure names its trial, in the caption and in the image's own title.
        var of = $"trial #{best.Record.Number}";
        figure($"Confusion matrix of {of} (best by validation accuracy) on the {m.Split} split", () => FigureRenderer.ConfusionMatrix(Confusion.Build(m.Confusion),
            $"{name}: confusion, {of} ({m.Split})", stem("confusion_matrix")));
        figure(m.Convolutional ? $"First-layer convolution filters of {of} (best by validation accuracy) as images"
                : $"First-layer weights of {of} (best by validation accuracy) as images", () => FigureRenderer.WeightMosaic(
            WeightImages.FirstLayer(m.FirstLayerWeights, m.FirstLayerOutputs, m.FirstLayerInputs),
            $"{name}: first-layer {(m.Convolutional ? "filters" : "weights")}, {of}", stem(m.Convolutional ? "first_layer_filters" : "first_layer_weights")));
        for (int i = 0; i < m.FeatureMaps.Count; i++)
        {
            var map = m.FeatureMaps[i];
            figure($"Feature maps of {of}, {map.Layer}, for the first {m.Split} image (each map scaled to its own range)", () => FigureRenderer.ImageMosaic(
                ImageMosaics.FeatureMaps(map), $"{name}: {map.Layer}, {of}", stem($"feature_maps_{i + 1}")));
        }
        if (m.Augmented is { } aug)
            figure($"Training images (first column) and augmented copies as {of} trained on them ({aug.Settings})", () => FigureRenderer.ImageMosaic(
                ImageMosaics.Augmented(aug.Originals, aug.Augmented, aug.Height, aug.Width, aug.Copies), $"{name}: augmented training images, {of}",
                stem("augmented_images")));
        if (m.Hidden.Count == 0) return;
        var diag = m.Hidden.Select((h, i) => HiddenUnits.Diagnose(i + 1, h.Values, h.Width)).ToList();
        figure($"Hidden activations of {of} ({diag[0].Examples} {m.Split} examples)", () => FigureRenderer.ActivationHistograms(diag,
            $"{name}: hidden activations, {of}", stem("hidden_histograms")));
        figure($"Sparsity and dead units per hidden layer of {of}", () => FigureRenderer.Sparsity(diag, $"{name}: hidden sparsity, {of}",
            stem("hidden_sparsity")));
        foreach (var d in diag)
            figure($"Correlation between units of hidden layer {d.Layer} of {of}", () => FigureRenderer.Correlation(d,
                $"{name}: unit correlation, {of}", stem($"hidden_correlation_layer{d.Layer}")));
    }

    private static ReportResult Finish(HtmlPage page, string outDir, List<string> files, List<string> notes)
    {
        var index = ReportPaths.Inside(outDir, "index.html");
        AtomicFile.WriteAllText(index, page.Render());
        return new ReportResult(index, files, notes);
    }

    /// <summary>A parameter name as a file-name part: letters, digits, '_' and '-' kept, everything else '_'.</summary>
    internal static string Safe(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
}
