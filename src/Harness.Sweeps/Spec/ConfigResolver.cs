using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>Applies searched values (knob name -> JSON text) to a base <see cref="TrainConfig"/>.</summary>
public static class ConfigResolver
{
    /// <summary>
    /// The base config with each assignment set. Knobs under <c>early_stopping.</c> and <c>augmentation.</c> create
    /// that object from its defaults when the base has none; a layer knob (<c>layers[0].conv.filters</c>, see
    /// <see cref="LayerKnob"/>) changes one setting of one layer of the base's layer list. A value of the wrong
    /// type, or a layer knob the base has no such layer for, throws <see cref="JsonException"/>.
    /// </summary>
    public static TrainConfig Apply(TrainConfig baseConfig, IEnumerable<KeyValuePair<string, string>> assignments)
    {
        ArgumentNullException.ThrowIfNull(baseConfig);
        var root = JsonSerializer.SerializeToNode(baseConfig, EngineJson.Options)!.AsObject();
        foreach (var (knob, json) in assignments)
        {
            if (LayerKnob.Looks(knob))
            {
                var layer = LayerKnob.Parse(knob) ?? throw new JsonException($"{knob}: not a layer knob; write {LayerKnob.Forms}");
                layer.Set(root, json);
                continue;
            }
            var dot = knob.IndexOf('.');
            if (dot < 0)
            {
                root[knob] = JsonNode.Parse(json);
                continue;
            }
            var parentName = knob[..dot];
            if (root[parentName] is not JsonObject parent)
            {
                object defaults = parentName == "augmentation" ? new Augmentation() : new EarlyStopping();
                parent = JsonSerializer.SerializeToNode(defaults, defaults.GetType(), EngineJson.Options)!.AsObject();
                root[parentName] = parent;
            }
            parent[knob[(dot + 1)..]] = JsonNode.Parse(json);
        }
        return root.Deserialize<TrainConfig>(EngineJson.Options)
               ?? throw new JsonException("the resolved configuration is null");
    }

    /// <summary>Compact JSON of a config, as stored in <c>TrialRecord.ConfigJson</c>.</summary>
    public static string ToJson(TrainConfig config) => JsonSerializer.Serialize(config, EngineJson.Compact);
}
