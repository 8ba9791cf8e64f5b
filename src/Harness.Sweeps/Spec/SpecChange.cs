using System.Text.Json.Nodes;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// What a changed experiment file changed: the fields whose values differ between a stored version's spec and the
/// file's, as far as the spec hash covers them (dataset, base, search; not name, description, engine, repeats or a
/// random search's trials), so that a refused sweep says which edit made it a new experiment.
/// </summary>
public static class SpecChange
{
    /// <summary>How many differences a message lists before it says how many more there are.</summary>
    public const int Listed = 6;

    /// <summary>
    /// The refusal of <paramref name="spec"/> under the name of <paramref name="stored"/> (the latest version, whose hash
    /// differs), with the fields that differ: <c>base.epochs: 5 in v1, 4 in the file</c>.
    /// </summary>
    public static string Message(ExperimentRecord stored, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(spec);
        var refusal = new SpecChangedException(stored.Name, stored.Version, stored.SpecHash, spec.Hash()).Message;
        var changes = Differences(stored, spec);
        if (changes.Count == 0) return refusal;
        var shown = changes.Take(Listed).Select(c => $"\n  {c}");
        var more = changes.Count > Listed ? $"\n  and {changes.Count - Listed} more" : "";
        return $"{refusal}\nwhat the file changed since v{stored.Version}:{string.Concat(shown)}{more}";
    }

    /// <summary>Each field that differs, as <c>PATH: OLD in vN, NEW in the file</c>; empty when the stored spec cannot be read.</summary>
    public static IReadOnlyList<string> Differences(ExperimentRecord stored, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(spec);
        if (ExperimentFile.ParseStored(stored) is not { } old) return [];
        var found = new List<string>();
        Compare("", JsonNode.Parse(old.CanonicalJson()), JsonNode.Parse(spec.CanonicalJson()), $"v{stored.Version}", found);
        return found;
    }

    private static void Compare(string path, JsonNode? a, JsonNode? b, string version, List<string> found)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                Compare(path.Length == 0 ? key : $"{path}.{key}", oa[key], ob[key], version, found);
            return;
        }
        if (JsonNode.DeepEquals(a, b)) return;
        found.Add($"{path}: {Text(a)} in {version}, {Text(b)} in the file");
    }

    private static string Text(JsonNode? node) => node is null ? "(not set)" : node.ToJsonString();
}
