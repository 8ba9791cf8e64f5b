using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Engine;
using Spectre.Console;

namespace Harness.Cli.Training;

/// <summary>
/// Prints a resolved configuration as a two-column table (keys are the JSON names a config file would use):
/// a Spectre.Console table on an interactive terminal, plain aligned text otherwise (redirected output, CI, tests),
/// where Spectre renders nothing useful.
/// </summary>
internal static class ConfigPrinter
{
    public static IReadOnlyList<(string Key, string Value)> Rows(TrainConfig config, DatasetSpec? dataset, DataSplits? data)
    {
        var rows = new List<(string, string)>();
        if (dataset is not null)
            rows.Add(("dataset", JsonSerializer.Serialize(dataset, DatasetSpecCompact)));
        if (data is not null)
        {
            rows.Add(config.Layers is { } layers
                ? ("network", $"{(data.Train.Shape is { } shape ? shape.ToString() : data.Train.FeatureCount.ToString(System.Globalization.CultureInfo.InvariantCulture))} -> {LayerSpec.LabelOf(layers)} -> {data.Train.OutputCount}")
                : ("layers", $"[{string.Join(",", new[] { data.Train.FeatureCount }.Concat(config.Hidden).Append(data.Train.OutputCount))}]"));
            rows.Add(("splits", $"train {data.Train.Count}, validation {data.Validation.Count}, test {data.Test.Count}"));
        }
        // A layer list replaces hidden, so hidden is not shown beside it.
        var node = JsonSerializer.SerializeToNode(config, EngineJson.Compact)!.AsObject();
        if (config.Layers is not null) node.Remove("hidden");
        foreach (var (key, value) in node)
            rows.Add((key, value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "none"));
        if (config.EarlyStopping is null) rows.Add(("early_stopping", "off"));
        return rows;
    }

    public static void Print(TextWriter output, TrainConfig config, DatasetSpec? dataset, DataSplits? data)
    {
        var rows = Rows(config, dataset, data);
        if (Terminal.IsInteractive(output))
        {
            var table = new Table().Title("configuration").AddColumn("setting").AddColumn("value");
            foreach (var (k, v) in rows) table.AddRow(Markup.Escape(k), Markup.Escape(v));
            AnsiConsole.Write(table);
            return;
        }
        int width = rows.Max(r => r.Key.Length);
        output.WriteLine("configuration");
        foreach (var (k, v) in rows) output.WriteLine($"  {k.PadRight(width)}  {v}");
    }

    private static readonly JsonSerializerOptions DatasetSpecCompact = new(DatasetSpec.JsonOptions) { WriteIndented = false };
}
