using System.Text.Json.Nodes;

namespace Harness.Store;

/// <summary>A stored experiment specification under a new name: its "name" field changed, anything else kept.</summary>
internal static class SpecRename
{
    /// <summary>The spec JSON with "name" set to <paramref name="newName"/> when it was <paramref name="name"/>; text that is not such JSON is returned as it is.</summary>
    public static string Apply(string specJson, string name, string newName)
    {
        try
        {
            if (JsonNode.Parse(specJson) is JsonObject o && o["name"] is JsonValue v && v.TryGetValue(out string? stored) && stored == name)
            {
                o["name"] = newName;
                return o.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON (a store written by a test or another tool): kept as it is.
        }
        return specJson;
    }
}
