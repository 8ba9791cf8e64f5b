using System.Text.Json;
using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Turns a sampler's configurations into the trial rows the store keeps: each configuration times
/// <see cref="ExperimentSpec.Repeats"/>, with seed = the configuration's seed (base.seed unless searched) + repeat,
/// Key = configuration key + <c>#r{repeat}</c>. Number: a trial already stored keeps its number; new trials are
/// numbered on from the largest stored number in plan order (configuration index * repeats + repeat for a new
/// experiment), so growing trials or repeats never gives two trials one number.
/// </summary>
public static class TrialPlanner
{
    /// <summary>The trial rows for <paramref name="configs"/>; <paramref name="existing"/> are the version's stored trials (numbers kept).</summary>
    public static IReadOnlyList<TrialRecord> Plan(ExperimentSpec spec, int version, IReadOnlyList<SampledConfig> configs,
        IReadOnlyList<TrialRecord>? existing = null)
    {
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in existing ?? []) known[t.Key] = t.Number;
        int next = known.Count == 0 ? 0 : known.Values.Max() + 1;
        var trials = new List<TrialRecord>(configs.Count * spec.Repeats);
        for (int c = 0; c < configs.Count; c++)
        {
            var config = ConfigResolver.Apply(spec.Base, configs[c].Assignments);
            var parameters = configs[c].Params.ToDictionary(p => p.Key, p => ParamText(p.Value), StringComparer.Ordinal);
            for (int r = 0; r < spec.Repeats; r++)
            {
                var seeded = config with { Seed = config.Seed + r };
                var key = Keys.WithRepeat(configs[c].Key, r);
                trials.Add(new TrialRecord
                {
                    Experiment = spec.Name,
                    Version = version,
                    Number = known.TryGetValue(key, out var number) ? number : next++,
                    Key = key,
                    Repeat = r,
                    Seed = seeded.Seed,
                    Params = new Dictionary<string, string>(parameters, StringComparer.Ordinal),
                    ConfigJson = ConfigResolver.ToJson(seeded),
                });
            }
        }
        return trials;
    }

    /// <summary>A JSON string's text without quotes (<c>relu</c>); numbers, bools and lists as compact JSON.</summary>
    public static string ParamText(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString()! : json;
    }

    /// <summary>The stored config of a trial.</summary>
    public static TrainConfig Config(TrialRecord trial) =>
        JsonSerializer.Deserialize<TrainConfig>(trial.ConfigJson, EngineJson.Options)
        ?? throw new InvalidDataException($"trial {trial.Id}: stored config is null");
}
