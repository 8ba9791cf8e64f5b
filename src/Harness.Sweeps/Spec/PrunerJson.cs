using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Sweeps;

/// <summary>
/// Reads and writes <c>search.pruner</c>: <c>"none"</c>, <c>"median"</c>, <c>"asha"</c>, or an object naming one
/// pruner with its settings: <c>{"median": {"warmup_epochs": 1, "min_trials": 4}}</c>,
/// <c>{"asha": {"min_resource": 1, "reduction_factor": 4, "min_early_stopping_rate": 0}}</c>,
/// <c>{"hyperband": {"min_resource": 1, "max_resource": 27, "reduction_factor": 3}}</c> (max_resource required).
/// </summary>
internal static class PrunerJson
{
    private const string Forms =
        "\"none\", \"median\", \"asha\", {\"median\": {\"warmup_epochs\": 1, \"min_trials\": 4}}, " +
        "{\"asha\": {\"min_resource\": 1, \"reduction_factor\": 4, \"min_early_stopping_rate\": 0}} or " +
        "{\"hyperband\": {\"min_resource\": 1, \"max_resource\": 27, \"reduction_factor\": 3}}";

    /// <summary>(field, smallest allowed value) per pruner, in the order the canonical JSON writes them.</summary>
    private static readonly Dictionary<string, (string Field, int Min)[]> Settings = new(StringComparer.Ordinal)
    {
        [SearchSpec.MedianName] = [("warmup_epochs", 1), ("min_trials", 1)],
        [SearchSpec.AshaName] = [("min_resource", 1), ("reduction_factor", 2), ("min_early_stopping_rate", 0)],
        [SearchSpec.HyperbandName] = [("min_resource", 1), ("max_resource", 1), ("reduction_factor", 2)],
    };

    /// <summary>The search with the pruner <paramref name="el"/> names; problems go to <paramref name="errors"/>.</summary>
    public static SearchSpec Read(JsonElement el, SearchSpec search, List<string> errors)
    {
        if (el.ValueKind == JsonValueKind.String && SearchSpec.Pruners.Contains(el.GetString()))
            return search with { Pruner = el.GetString()!, PrunerReductionFactor = SearchSpec.AshaDefaultReductionFactor };
        if (el.ValueKind == JsonValueKind.String && el.GetString() == SearchSpec.HyperbandName)
        {
            errors.Add("search.pruner: \"hyperband\" needs max_resource (the most epochs a trial runs); use " +
                       "{\"hyperband\": {\"min_resource\": 1, \"max_resource\": 27, \"reduction_factor\": 3}}");
            return search;
        }
        if (el.ValueKind != JsonValueKind.Object || el.EnumerateObject().Count() != 1
            || !Settings.ContainsKey(el.EnumerateObject().First().Name) || el.EnumerateObject().First().Value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"search.pruner: {Show(el)} is not allowed; allowed: {Forms}");
            return search;
        }
        var (name, body) = (el.EnumerateObject().First().Name, el.EnumerateObject().First().Value);
        var fields = Settings[name];
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in body.EnumerateObject())
        {
            var path = $"search.pruner.{name}.{f.Name}";
            var field = fields.FirstOrDefault(x => x.Field == f.Name);
            if (field.Field is null)
                errors.Add($"{path}: unknown field; allowed: {string.Join(", ", fields.Select(x => x.Field))}");
            else if (f.Value.ValueKind != JsonValueKind.Number || !f.Value.TryGetInt32(out var n) || n < field.Min)
                errors.Add($"{path}: {Show(f.Value)} is not allowed; an integer >= {field.Min}");
            else values[f.Name] = n;
        }
        int Get(string field, int fallback) => values.TryGetValue(field, out var v) ? v : fallback;
        switch (name)
        {
            case SearchSpec.MedianName:
                return search with { Pruner = name, PrunerWarmupEpochs = Get("warmup_epochs", 1), PrunerMinTrials = Get("min_trials", 4) };
            case SearchSpec.AshaName:
                return search with
                {
                    Pruner = name,
                    PrunerMinResource = Get("min_resource", 1),
                    PrunerReductionFactor = Get("reduction_factor", SearchSpec.AshaDefaultReductionFactor),
                    PrunerMinEarlyStoppingRate = Get("min_early_stopping_rate", 0),
                };
            default:
                int min = Get("min_resource", 1);
                if (!body.TryGetProperty("max_resource", out _))
                    errors.Add("search.pruner.hyperband.max_resource: missing; the most epochs a trial runs (e.g. base.epochs), an integer >= min_resource");
                else if (values.TryGetValue("max_resource", out var max) && max < min)
                    errors.Add($"search.pruner.hyperband.max_resource: {max} is not allowed; an integer >= min_resource ({min})");
                return search with
                {
                    Pruner = name,
                    PrunerMinResource = min,
                    PrunerMaxResource = Get("max_resource", min),
                    PrunerReductionFactor = Get("reduction_factor", SearchSpec.HyperbandDefaultReductionFactor),
                };
        }
    }

    /// <summary>The canonical form: the bare name for "none"/"median" with no settings written before, else the object with every setting.</summary>
    public static JsonNode Write(SearchSpec s) => s.Pruner switch
    {
        SearchSpec.MedianName => Node(s.Pruner, ("warmup_epochs", s.PrunerWarmupEpochs), ("min_trials", s.PrunerMinTrials)),
        SearchSpec.AshaName => Node(s.Pruner, ("min_resource", s.PrunerMinResource), ("reduction_factor", s.PrunerReductionFactor),
            ("min_early_stopping_rate", s.PrunerMinEarlyStoppingRate)),
        SearchSpec.HyperbandName => Node(s.Pruner, ("min_resource", s.PrunerMinResource), ("max_resource", s.PrunerMaxResource),
            ("reduction_factor", s.PrunerReductionFactor)),
        _ => JsonValue.Create(s.Pruner),
    };

    private static JsonObject Node(string name, params (string Field, int Value)[] settings)
    {
        var body = new JsonObject();
        foreach (var (f, v) in settings) body[f] = v;
        return new JsonObject { [name] = body };
    }

    private static string Show(JsonElement el)
    {
        var text = JsonNode.Parse(el.GetRawText())?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
