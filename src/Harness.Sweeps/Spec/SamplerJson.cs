using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Sweeps;

/// <summary>
/// Reads and writes <c>search.strategy</c>: <c>"grid"</c>, <c>"random"</c>, <c>"tpe"</c>, or
/// <c>{"tpe": {"startup_trials": 10, "candidates": 24, "prior_weight": 1.0, "multivariate": false,
/// "constant_liar": true, "consider_endpoints": false, "magic_clip": true}}</c> (every setting optional;
/// see <see cref="TpeOptions"/>).
/// </summary>
internal static class SamplerJson
{
    private const string Forms = "grid, random, tpe or {\"tpe\": {\"startup_trials\": 10, \"candidates\": 24, " +
        "\"prior_weight\": 1.0, \"multivariate\": false, \"constant_liar\": true, \"consider_endpoints\": false, \"magic_clip\": true}}";

    private static readonly string[] TpeFields =
        ["startup_trials", "candidates", "prior_weight", "multivariate", "constant_liar", "consider_endpoints", "magic_clip"];

    /// <summary>The strategy name and, for TPE, its options; problems go to <paramref name="errors"/> (the grid is returned then).</summary>
    public static (string Strategy, TpeOptions? Tpe) Read(JsonElement el, List<string> errors)
    {
        if (el.ValueKind == JsonValueKind.String && el.GetString() == SearchSpec.Tpe) return (SearchSpec.Tpe, new TpeOptions());
        if (el.ValueKind == JsonValueKind.String && SearchSpec.Strategies.Contains(el.GetString())) return (el.GetString()!, null);
        if (el.ValueKind != JsonValueKind.Object || el.EnumerateObject().Count() != 1 || !el.TryGetProperty(SearchSpec.Tpe, out var body)
            || body.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"search.strategy: {Show(el)} is not allowed; allowed: {Forms}");
            return (SearchSpec.Grid, null);
        }
        var o = new TpeOptions();
        foreach (var f in body.EnumerateObject())
        {
            var path = $"search.strategy.tpe.{f.Name}";
            var v = f.Value;
            switch (f.Name)
            {
                case "startup_trials" when v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0:
                    o = o with { StartupTrials = n }; break;
                case "candidates" when v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 1:
                    o = o with { Candidates = n }; break;
                case "prior_weight" when v.ValueKind == JsonValueKind.Number && v.GetDouble() is > 0 and var w && double.IsFinite(w):
                    o = o with { PriorWeight = w }; break;
                case "multivariate" when IsBool(v): o = o with { Multivariate = v.GetBoolean() }; break;
                case "constant_liar" when IsBool(v): o = o with { ConstantLiar = v.GetBoolean() }; break;
                case "consider_endpoints" when IsBool(v): o = o with { ConsiderEndpoints = v.GetBoolean() }; break;
                case "magic_clip" when IsBool(v): o = o with { MagicClip = v.GetBoolean() }; break;
                case "startup_trials": errors.Add($"{path}: {Show(v)} is not allowed; an integer >= 0"); break;
                case "candidates": errors.Add($"{path}: {Show(v)} is not allowed; an integer >= 1"); break;
                case "prior_weight": errors.Add($"{path}: {Show(v)} is not allowed; a number > 0"); break;
                case "multivariate" or "constant_liar" or "consider_endpoints" or "magic_clip":
                    errors.Add($"{path}: {Show(v)} is not allowed; true or false"); break;
                default: errors.Add($"{path}: unknown field; allowed: {string.Join(", ", TpeFields)}"); break;
            }
        }
        return (SearchSpec.Tpe, o);
    }

    /// <summary>The canonical form: the bare name for grid and random, the object with every setting for TPE.</summary>
    public static JsonNode Write(SearchSpec s)
    {
        if (s.Strategy != SearchSpec.Tpe) return JsonValue.Create(s.Strategy);
        var o = s.TpeSettings ?? new TpeOptions();
        return new JsonObject
        {
            [SearchSpec.Tpe] = new JsonObject
            {
                ["startup_trials"] = o.StartupTrials,
                ["candidates"] = o.Candidates,
                ["prior_weight"] = o.PriorWeight,
                ["multivariate"] = o.Multivariate,
                ["constant_liar"] = o.ConstantLiar,
                ["consider_endpoints"] = o.ConsiderEndpoints,
                ["magic_clip"] = o.MagicClip,
            },
        };
    }

    private static bool IsBool(JsonElement v) => v.ValueKind is JsonValueKind.True or JsonValueKind.False;

    private static string Show(JsonElement el)
    {
        var text = JsonNode.Parse(el.GetRawText())?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
