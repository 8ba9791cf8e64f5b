using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Engine;
using Harness.Store;

namespace Harness.Reports.Trials;

/// <summary>
/// A `train --config` file that reproduces one trial: the trial's stored configuration (its seed included) in
/// snake_case with the experiment's dataset as a <c>"dataset"</c> member, the format <c>train --config</c> reads.
/// </summary>
public static class ReproductionFile
{
    /// <summary>The dataset an experiment's stored spec names.</summary>
    public static DatasetSpec Dataset(ExperimentRecord experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var node = JsonNode.Parse(experiment.SpecJson)?["dataset"]
            ?? throw new InvalidDataException($"experiment '{experiment.Name}' v{experiment.Version}: its stored spec has no dataset");
        return node.Deserialize<DatasetSpec>(DatasetSpec.JsonOptions)
            ?? throw new InvalidDataException($"experiment '{experiment.Name}' v{experiment.Version}: its stored dataset is null");
    }

    /// <summary>The trial's configuration as stored (threads reset to 0, automatic: it never changes a result).</summary>
    public static TrainConfig Config(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var config = JsonSerializer.Deserialize<TrainConfig>(trial.ConfigJson, EngineJson.Options)
            ?? throw new InvalidDataException($"trial {trial.Number}: stored config is null");
        return config with { Threads = 0 };
    }

    /// <summary>The file's text: the configuration's fields, then "dataset".</summary>
    public static string Json(TrainConfig config, DatasetSpec dataset)
    {
        var o = JsonSerializer.SerializeToNode(config, EngineJson.Options)!.AsObject();
        o["dataset"] = JsonSerializer.SerializeToNode(dataset, DatasetSpec.JsonOptions);
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Writes the file for <paramref name="trial"/> of <paramref name="experiment"/> to <paramref name="path"/> (folders created) in one step.</summary>
    public static void Write(string path, ExperimentRecord experiment, TrialRecord trial)
    {
        AtomicFile.WriteAllText(path, Json(Config(trial), Dataset(experiment)));
    }
}
