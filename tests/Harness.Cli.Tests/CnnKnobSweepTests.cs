namespace Harness.Cli.Tests;

/// <summary>`sweep` over a per-layer knob (<c>layers[0].conv.filters</c>) on tiny line images, its table, and a bad knob's exit 2.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CnnKnobSweepTests
{
    private static string Experiment(string data, string space) => $$$"""
        {
          "name": "cnn-knob",
          "dataset": { "name": "idx", "path": {{{System.Text.Json.JsonSerializer.Serialize(data)}}} },
          "base": { "layers": [{"conv": {"filters": 4, "size": 3, "padding": "same"}}, {"max_pool": 2}, {"dense": 8}],
                    "activation": "relu", "optimizer": "adam", "learning_rate": 0.01, "batch_size": 16, "epochs": 2, "threads": 1 },
          "search": { "space": {{{space}}} }
        }
        """;

    [Fact]
    public void A_sweep_over_the_first_layers_filters_trains_each_value_and_tables_it_by_name()
    {
        using var dir = new TempDir();
        var data = dir.File("lines");
        LineIdx.Write(data, 200, 50, seed: 4);
        File.WriteAllText(dir.File("cnn-knob.json"), Experiment(data, """{ "layers[0].conv.filters": [2, 5] }"""));
        var db = dir.File("h.db");
        var (exit, output, err) = CliHarness.Run("sweep", dir.File("cnn-knob.json"), "--db", db);
        Assert.True(exit == 0, output + err);
        var (tableExit, table, tableErr) = CliHarness.Run("table", "cnn-knob", "--db", db);
        Assert.True(tableExit == 0, table + tableErr);
        Assert.Contains("layers[0].conv.filters", table);
        Assert.Contains("c2k3same-p2-d8", table);
        Assert.Contains("c5k3same-p2-d8", table);
        var (exportExit, json, exportErr) = CliHarness.Run("export", "cnn-knob", "--db", db, "--format", "json");
        Assert.True(exportExit == 0, json + exportErr);
        Assert.Contains("\"layers[0].conv.filters\": 5", json.Replace("\":5", "\": 5", StringComparison.Ordinal));
    }

    [Fact]
    public void A_knob_on_a_layer_of_another_kind_exits_2_naming_the_field_and_the_layer()
    {
        using var dir = new TempDir();
        LineIdx.Write(dir.File("lines"), 20, 10, seed: 4);
        File.WriteAllText(dir.File("bad.json"), Experiment(dir.File("lines"), """{ "layers[1].conv.filters": [2, 4] }"""));
        var (exit, output, err) = CliHarness.Run("sweep", dir.File("bad.json"), "--db", dir.File("h.db"));
        Assert.Equal(2, exit);
        Assert.Contains("search.space.layers[1].conv.filters: base.layers[1] is a max_pool layer (p2), not conv; allowed for it: layers[1].max_pool, layers[1].max_pool.size, layers[1].max_pool.stride", output + err);
    }
}
