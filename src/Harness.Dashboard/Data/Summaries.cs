using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Dashboard.Api;

namespace Harness.Dashboard.Data;

/// <summary>The list, compare and experiment pages' view of one snapshot.</summary>
internal static class Summaries
{
    public static ExperimentSummaryDto Of(TrialSnapshot s, IReadOnlyList<int> versions)
    {
        int best = -1;
        for (int i = 0; i < s.Trials.Count; i++)
            if (Numbers.Finite(s.Trials[i].ValidationAccuracy) is { } v && (best < 0 || v > s.Trials[best].ValidationAccuracy))
                best = i;
        var last = s.Trials.Select(t => t.FinishedUtc ?? t.HeartbeatUtc ?? t.StartedUtc).Max();
        return new ExperimentSummaryDto(s.Experiment.Name, s.Experiment.Version, versions, s.Experiment.CreatedUtc,
            Description(s.Experiment.SpecJson), s.Stamp, s.Trials.Count, s.Counts(),
            best < 0 ? null : Numbers.Finite(s.Trials[best].ValidationAccuracy),
            s.Trials.Select(t => Numbers.Finite(t.TestAccuracy)).Max(), best < 0 ? null : Rows.Row(s, best), s.ParamNames, last);
    }

    /// <summary>The stored specification indented for reading (as stored when it is not JSON).</summary>
    public static string Spec(string specJson) => Parse(specJson) is { } node
        ? node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        : specJson;

    /// <summary>The specification's "description", when it has one.</summary>
    public static string? Description(string specJson) =>
        Parse(specJson) is JsonObject o && o["description"] is JsonValue v && v.TryGetValue<string>(out var d) ? d : null;

    public static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
