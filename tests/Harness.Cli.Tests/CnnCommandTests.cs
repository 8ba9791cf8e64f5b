namespace Harness.Cli.Tests;

/// <summary>`train --config` with a layer list, `evaluate` on the CNN model it saves, and refusals with exit 2.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CnnCommandTests
{
    private static string Config(string layers, string extra = "") => $$"""
        {
          "layers": {{layers}},
          "activation": "relu", "optimizer": "adam", "learning_rate": 0.01, "batch_size": 16, "epochs": 4, "seed": 2{{extra}}
        }
        """;

    [Fact]
    public void Train_with_a_layer_list_saves_a_cnn_that_evaluate_reads_back()
    {
        using var dir = new TempDir();
        var data = dir.File("lines");
        LineIdx.Write(data, 600, 150, seed: 1);
        File.WriteAllText(dir.File("cnn.json"), Config("""[{"conv": {"filters": 6, "size": 3, "padding": "same"}}, {"max_pool": 2}, {"dense": 16}]""",
            """, "augmentation": {"shift": 1, "noise": 0.05}"""));
        var model = dir.File("cnn.model");
        var (exit, output, err) = CliHarness.Run("train", "--config", dir.File("cnn.json"), "--dataset", "idx", "--data-dir", data, "--out", model);
        Assert.True(exit == 0, output + err);
        Assert.Contains("network", output);
        Assert.Contains("1x8x8 -> c6k3same-p2-d16 -> 3", output);
        var (evalExit, evalOut, evalErr) = CliHarness.Run("evaluate", model);
        Assert.True(evalExit == 0, evalOut + evalErr);
        var accuracy = double.Parse(System.Text.RegularExpressions.Regex.Match(evalOut, @"test accuracy ([0-9.]+)%").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy > 80, evalOut);
    }

    [Fact]
    public void Layers_and_augmentation_options_set_the_network_and_a_bad_label_exits_2()
    {
        using var dir = new TempDir();
        var data = dir.File("lines");
        LineIdx.Write(data, 200, 50, seed: 2);
        var (exit, output, err) = CliHarness.Run("train", "--dataset", "idx", "--data-dir", data, "--layers", "c4k3same-p2-d8",
            "--aug-shift", "1", "--aug-noise", "0.1", "--optimizer", "adam", "--lr", "0.01", "--epochs", "1", "--out", dir.File("m.model"));
        Assert.True(exit == 0, output + err);
        Assert.Contains("1x8x8 -> c4k3same-p2-d8 -> 3", output);
        Assert.Contains("\"shift\":1", output);
        var (badExit, badOut, badErr) = CliHarness.Run("train", "--dataset", "idx", "--data-dir", data, "--layers", "c4k3-q2");
        Assert.Equal(2, badExit);
        Assert.Contains("--layers: 'q2' (layer 2 of 'c4k3-q2') is not a layer", badOut + badErr);
    }

    [Fact]
    public void A_kernel_larger_than_the_images_exits_2_naming_the_layer()
    {
        using var dir = new TempDir();
        var data = dir.File("lines");
        LineIdx.Write(data, 60, 20, seed: 1);
        File.WriteAllText(dir.File("bad.json"), Config("""[{"max_pool": 2}, {"conv": {"filters": 4, "size": 5}}]"""));
        var (exit, output, err) = CliHarness.Run("train", "--config", dir.File("bad.json"), "--dataset", "idx", "--data-dir", data);
        Assert.Equal(2, exit);
        Assert.Contains("layers[1].conv.size: a 5x5 kernel is larger than its 4x4 input", output + err);
    }

    [Fact]
    public void Report_of_a_cnn_sweep_draws_filters_feature_maps_and_augmented_images_with_the_architecture_label()
    {
        using var dir = new TempDir();
        var data = dir.File("lines");
        LineIdx.Write(data, 300, 60, seed: 5);
        File.WriteAllText(dir.File("cnn-report.json"), $$$"""
            {
              "name": "cnn-report",
              "dataset": { "name": "idx", "path": {{{System.Text.Json.JsonSerializer.Serialize(data)}}} },
              "base": { "layers": [{"conv": {"filters": 4, "size": 3, "padding": "same"}}, {"max_pool": 2}, {"dense": 8}],
                        "optimizer": "adam", "learning_rate": 0.01, "batch_size": 16, "epochs": 2,
                        "augmentation": {"shift": 1, "rotation": 10} },
              "search": { "space": { "dropout": [0, 0.2] } }
            }
            """);
        var db = dir.File("h.db");
        var (exit, output, err) = CliHarness.Run("sweep", dir.File("cnn-report.json"), "--db", db);
        Assert.True(exit == 0, output + err);
        var (tableExit, table, tableErr) = CliHarness.Run("table", "cnn-report", "--db", db);
        Assert.True(tableExit == 0, table + tableErr);
        Assert.Contains("c4k3same-p2-d8", table);
        var outDir = dir.File("report");
        var (reportExit, reportOut, reportErr) = CliHarness.Run("report", "cnn-report", "--db", db, "--out", outDir);
        Assert.True(reportExit == 0, reportOut + reportErr);
        foreach (var figure in new[] { "first_layer_filters", "feature_maps_1", "feature_maps_2", "augmented_images" })
            Assert.True(Directory.GetFiles(outDir, $"*{figure}*.png", SearchOption.AllDirectories).Length > 0, $"no {figure} figure in {string.Join(", ", Directory.GetFiles(outDir, "*.png", SearchOption.AllDirectories).Select(Path.GetFileName))}");
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("Feature maps of trial", html);
        Assert.Contains("c4k3same-p2-d8", html);
    }
}
