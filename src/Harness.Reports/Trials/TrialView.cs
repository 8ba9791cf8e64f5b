using System.Globalization;
using System.Text.Json;
using Harness.Engine;

namespace Harness.Reports.Trials;

/// <summary>
/// A trial as the reports see it: the stored record, its resolved <see cref="TrainConfig"/>, and its value for any
/// parameter name: a searched parameter (<see cref="TrialRecord.Params"/>), a derived one (depth = hidden layer
/// count, width = widest hidden layer, hidden = the widths as "[30,30]", architecture (and a searched layers) = a
/// readable label such as "[784,30,10]" or "c32k5-p2-d1024", seed), or any TrainConfig field by its
/// snake_case JSON name (dotted for nested ones, e.g. early_stopping.patience). Trials that are not MLPs (the ML.NET
/// baselines, whose ConfigJson holds their trainer's settings) have no <see cref="Config"/>: their architecture
/// parameters read "-" and their other parameters come from their own settings.
/// </summary>
public sealed class TrialView
{
    private readonly JsonElement _configJson;

    public TrialView(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Record = record;
        try
        {
            _configJson = JsonDocument.Parse(record.ConfigJson).RootElement.Clone();
            if (!IsBaselineEngine(record.Engine))
                Config = JsonSerializer.Deserialize<TrainConfig>(record.ConfigJson, EngineJson.Options)
                         ?? throw new JsonException("config is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"trial {record.Id} (experiment '{record.Experiment}', number {record.Number}): ConfigJson is not a TrainConfig: {ex.Message}", ex);
        }
    }

    /// <summary>Engines whose trials are not MLPs: their ConfigJson is their own settings (Harness.Baselines: "mlnet").</summary>
    private static bool IsBaselineEngine(string? engine) => engine == "mlnet";

    /// <summary>True for MLP trials (with a <see cref="Config"/>); false for baselines.</summary>
    public bool IsMlp => Config is not null;

    public TrialRecord Record { get; }
    /// <summary>The MLP's configuration; null for a baseline trial.</summary>
    public TrainConfig? Config { get; }
    public long Id => Record.Id;
    /// <summary>The layer list of a convolutional (layer-list) trial; null for a dense MLP or a baseline.</summary>
    public LayerSpec[]? Layers => Config?.Layers;
    /// <summary>Hidden layer count: dense widths, or a layer list's layers (-1 for a baseline).</summary>
    public int Depth => Config is null ? -1 : Layers?.Length ?? Config.Hidden.Length;
    /// <summary>Widest hidden (dense) layer (0 without one, -1 for a baseline).</summary>
    public int Width => Config is null ? -1 : (Layers?.OfType<DenseLayer>().Select(d => d.Units) ?? Config.Hidden).DefaultIfEmpty(0).Max();
    /// <summary>Hidden widths as compact text, e.g. "[30,30]" ("[]" for none, "-" for a baseline); a layer list's label, e.g. "c32k5-p2-d1024".</summary>
    public string Hidden => Config is null ? "-" : Layers is { } l ? LayerSpec.LabelOf(l) : "[" + string.Join(",", Config.Hidden) + "]";
    /// <summary>
    /// Full layer sizes when the input and output widths are known, e.g. "[784,30,10]" ("-" for a baseline); for a
    /// layer list its readable label, e.g. "c32k5-p2-c64k5-p2-d1024".
    /// </summary>
    public string Architecture(int inputs = 784, int outputs = 10) =>
        Config is null ? "-" : Layers is { } l ? LayerSpec.LabelOf(l) : "[" + string.Join(",", [inputs, .. Config.Hidden, outputs]) + "]";

    /// <summary>The trial's value of a parameter as display text; throws naming the parameter when unknown.</summary>
    public string Value(string name)
    {
        switch (name)
        {
            case "depth": return IsMlp ? Depth.ToString(CultureInfo.InvariantCulture) : "-";
            case "width": return IsMlp ? Width.ToString(CultureInfo.InvariantCulture) : "-";
            case "hidden": return Hidden;
            case "layers" or "architecture": return Config is null ? "-" : Architecture();
            case "seed": return Record.Seed.ToString(CultureInfo.InvariantCulture);
        }
        if (Record.Params.TryGetValue(name, out var p)) return Unquote(p);
        if (name == "trainer" && IsMlp) return "mlp"; // the model family, so MLPs and baselines line up in one table
        var e = _configJson;
        foreach (var part in name.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
            {
                if (!IsMlp) return "-"; // a baseline has no such MLP knob
                throw new ArgumentException(
                    $"unknown parameter '{name}' for trial {Record.Id}: not searched ({string.Join(", ", Record.Params.Keys)}), " +
                    "not depth/width/hidden/seed/trainer and not a train config field");
            }
        }
        return e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Null => "none",
            _ => e.GetRawText(),
        };
    }

    /// <summary>The value as a number, or null when it is not numeric.</summary>
    public double? Number(string name) => TryNumber(Value(name));

    /// <summary>Parses invariant-culture numbers ("0.1", "1e-3"); null otherwise.</summary>
    public static double? TryNumber(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Unquote(string s) =>
        s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? JsonSerializer.Deserialize<string>(s) ?? s : s;
}
