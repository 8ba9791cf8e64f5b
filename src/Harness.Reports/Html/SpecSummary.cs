using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Reports.Html;

/// <summary>
/// The parts of an experiment's stored spec (<see cref="Harness.Store.ExperimentRecord.SpecJson"/>) a reader of its
/// report needs: the dataset, the base configuration every trial starts from, and the search (strategy, space,
/// pruner, repeats). Values are shown as their JSON text, as written in the experiment file.
/// </summary>
internal sealed record SpecSummary(
    IReadOnlyList<(string Name, string Value)> Dataset,
    IReadOnlyList<(string Name, string Value)> Base,
    IReadOnlyList<(string Name, string Value)> Search)
{
    /// <summary>Reads <paramref name="specJson"/>; null when it is not a JSON object or holds none of the three parts.</summary>
    public static SpecSummary? Parse(string specJson)
    {
        JsonObject? spec;
        try { spec = JsonNode.Parse(specJson) as JsonObject; }
        catch (JsonException) { return null; }
        if (spec is null) return null;
        var search = new List<(string, string)>();
        if (spec["search"] is JsonObject s)
        {
            foreach (var (k, v) in s.Where(p => p.Key != "space")) search.Add((k, Text(v)));
            if (s["space"] is JsonObject space)
                foreach (var (k, v) in space) search.Add(($"space: {k}", Text(v)));
        }
        if (spec["repeats"] is { } repeats) search.Add(("repeats (seeds per configuration)", Text(repeats)));
        var summary = new SpecSummary(Pairs(spec["dataset"]), Pairs(spec["base"]), search);
        return summary.Dataset.Count + summary.Base.Count + summary.Search.Count == 0 ? null : summary;
    }

    private static List<(string, string)> Pairs(JsonNode? node) =>
        node is JsonObject o ? o.Select(p => (p.Key, Text(p.Value))).ToList() : [];

    private static string Text(JsonNode? v) => v switch
    {
        null => "null",
        JsonValue x when x.GetValueKind() == JsonValueKind.String => x.GetValue<string>(),
        _ => v.ToJsonString(),
    };
}
