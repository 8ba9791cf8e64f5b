using System.Globalization;
using System.Text.Json;
using Harness.Engine;

namespace Harness.Reports.Trials;

/// <summary>
/// A trial as the reports see it: the stored record, its resolved <see cref="TrainConfig"/>, and its value for any
/// parameter name: a searched parameter (<see cref="TrialRecord.Params"/>), a derived one (depth = hidden layer
/// count, width = widest hidden layer, hidden = the widths as "[30,30]", seed), or any TrainConfig field by its
/// snake_case JSON name (dotted for nested ones, e.g. early_stopping.patience).
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
            Config = JsonSerializer.Deserialize<TrainConfig>(record.ConfigJson, EngineJson.Options)
                     ?? throw new JsonException("config is null");
            _configJson = JsonDocument.Parse(record.ConfigJson).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"trial {record.Id} (experiment '{record.Experiment}', number {record.Number}): ConfigJson is not a TrainConfig: {ex.Message}", ex);
        }
    }

    public TrialRecord Record { get; }
    public TrainConfig Config { get; }
    public long Id => Record.Id;
    public int Depth => Config.Hidden.Length;
    public int Width => Config.Hidden.Length == 0 ? 0 : Config.Hidden.Max();
    /// <summary>Hidden widths as compact text, e.g. "[30,30]" ("[]" for none).</summary>
    public string Hidden => "[" + string.Join(",", Config.Hidden) + "]";
    /// <summary>Full layer sizes when the input and output widths are known, e.g. "[784,30,10]".</summary>
    public string Architecture(int inputs = 784, int outputs = 10) => "[" + string.Join(",", [inputs, .. Config.Hidden, outputs]) + "]";

    /// <summary>The trial's value of a parameter as display text; throws naming the parameter when unknown.</summary>
    public string Value(string name)
    {
        switch (name)
        {
            case "depth": return Depth.ToString(CultureInfo.InvariantCulture);
            case "width": return Width.ToString(CultureInfo.InvariantCulture);
            case "hidden": return Hidden;
            case "seed": return Record.Seed.ToString(CultureInfo.InvariantCulture);
        }
        if (Record.Params.TryGetValue(name, out var p)) return Unquote(p);
        var e = _configJson;
        foreach (var part in name.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
                throw new ArgumentException(
                    $"unknown parameter '{name}' for trial {Record.Id}: not searched ({string.Join(", ", Record.Params.Keys)}), " +
                    "not depth/width/hidden/seed and not a train config field");
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
