using System.Text.Json;
using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Turns a sampler's configurations into the trial rows the store keeps: each configuration times
/// <see cref="ExperimentSpec.Repeats"/>, with seed = the configuration's seed (base.seed unless searched) + repeat,
/// Number = configuration index * repeats + repeat, Key = configuration key + <c>#r{repeat}</c>.
/// </summary>
public static class TrialPlanner
{
    public static IReadOnlyList<TrialRecord> Plan(ExperimentSpec spec, int version, IReadOnlyList<SampledConfig> configs)
    {
        var trials = new List<TrialRecord>(configs.Count * spec.Repeats);
        for (int c = 0; c < configs.Count; c++)
        {
            var config = ConfigResolver.Apply(spec.Base, configs[c].Assignments);
            var parameters = configs[c].Params.ToDictionary(p => p.Key, p => ParamText(p.Value), StringComparer.Ordinal);
            for (int r = 0; r < spec.Repeats; r++)
            {
                var seeded = config with { Seed = config.Seed + r };
                trials.Add(new TrialRecord
                {
                    Experiment = spec.Name,
                    Version = version,
                    Number = c * spec.Repeats + r,
                    Key = Keys.WithRepeat(configs[c].Key, r),
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
