using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// The field check (<see cref="JsonFieldCheck"/>) for the two objects every config and experiment file holds: a
/// training configuration (<see cref="TrainConfig"/>; an experiment's "base", or the whole `train --config` file)
/// and a dataset (<see cref="DatasetSpec"/>).
/// </summary>
public static class ConfigFileCheck
{
    /// <summary>Hidden activations an MLP trains with; step and sign are the perceptron's (`harness perceptron`).</summary>
    public static readonly IReadOnlyList<string> MlpActivations = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"];

    private static readonly Dictionary<string, IReadOnlyList<string>> Narrowed = new() { ["activation"] = MlpActivations };

    /// <summary>Problems of a training configuration object at <paramref name="path"/>; <paramref name="extraFields"/> are read by the caller.</summary>
    public static IReadOnlyList<string> TrainConfig(JsonElement element, string path, IReadOnlyCollection<string>? extraFields = null) =>
        JsonFieldCheck.Problems(element, typeof(TrainConfig), EngineJson.Options, path, Narrowed, extraFields);

    /// <summary>
    /// The training configuration that the object's sound fields give: each field with a problem of its own is left at
    /// its default, so the rest of a file can still be checked and every problem reported at once. Null when the object
    /// is not one or even its sound fields do not read.
    /// </summary>
    public static Engine.TrainConfig? SoundFields(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        var sound = new JsonObject();
        foreach (var p in element.EnumerateObject())
        {
            using var alone = JsonDocument.Parse(new JsonObject { [p.Name] = JsonNode.Parse(p.Value.GetRawText()) }.ToJsonString());
            if (TrainConfig(alone.RootElement, "").Count == 0) sound[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }
        try
        {
            return sound.Deserialize<Engine.TrainConfig>(EngineJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Problems of a dataset object at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Dataset(JsonElement element, string path) =>
        JsonFieldCheck.Problems(element, typeof(DatasetSpec), DatasetSpec.JsonOptions, path);
}
