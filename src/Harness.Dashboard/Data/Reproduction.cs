using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>
/// What trains a trial's configuration again: its stored configuration (seed included) plus the experiment's
/// "dataset" object, as a file for <c>harness train --config FILE</c>, and that command.
/// </summary>
internal static class Reproduction
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The config file's name: experiment, version and trial number (the name rule keeps it a plain file name).</summary>
    public static string FileName(ExperimentRecord e, TrialRecord t) => $"{e.Name}-v{e.Version}-trial-{t.Number}.json";

    /// <summary>The configuration file's text (the stored configuration as stored when it is not a JSON object).</summary>
    public static string ConfigFile(ExperimentRecord e, TrialRecord t)
    {
        if (Summaries.Parse(t.ConfigJson) is not JsonObject config) return t.ConfigJson;
        if (!config.ContainsKey("dataset") && Summaries.Parse(e.SpecJson) is JsonObject spec && spec["dataset"] is JsonObject dataset)
            config["dataset"] = dataset.DeepClone();
        return config.ToJsonString(Indented);
    }

    public static string Command(ExperimentRecord e, TrialRecord t) => $"harness train --config {FileName(e, t)}";
}
