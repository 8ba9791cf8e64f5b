using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Exporting;

/// <summary>
/// JSON arrays with typed values: numbers as numbers (searched parameters included: "learning_rate": 0.1, "hidden":
/// [100, 50]), null for a missing metric; one object per trial (with its configuration) or per trial and epoch.
/// </summary>
internal static class JsonExport
{
    // a file for people and programs, not HTML: '+' and non-ASCII letters stay as they are instead of \u002B escapes
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Trials(ExperimentRecord e, IReadOnlyList<TrialRecord> trials) =>
        Array([.. trials.Select(t => Trial(e, t))]);

    public static string Epochs(ExperimentRecord e, IReadOnlyList<TrialRecord> trials, Func<TrialRecord, IReadOnlyList<EpochRecord>> epochsOf) =>
        Array([.. trials.SelectMany(t => epochsOf(t).Select(ep => Epoch(e, t, ep)))]);

    private static string Array(JsonNode[] items) => new JsonArray(items).ToJsonString(Indented) + "\n";

    private static JsonObject Trial(ExperimentRecord e, TrialRecord t) => new()
    {
        ["experiment"] = e.Name,
        ["version"] = e.Version,
        ["trial_id"] = t.Id,
        ["number"] = t.Number,
        ["key"] = t.Key,
        ["repeat"] = t.Repeat,
        ["seed"] = t.Seed,
        ["state"] = t.State.Name(),
        ["params"] = Params(t),
        ["validation_accuracy"] = Number(t.ValidationAccuracy),
        ["validation_loss"] = Number(t.ValidationLoss),
        ["test_accuracy"] = Number(t.TestAccuracy),
        ["test_loss"] = Number(t.TestLoss),
        ["best_epoch"] = t.BestEpoch,
        ["epochs_run"] = t.EpochsRun,
        ["seconds"] = Number(t.Seconds),
        ["error"] = t.Error,
        ["engine"] = t.Engine,
        ["device"] = t.Device,
        ["config"] = JsonNode.Parse(t.ConfigJson),
    };

    private static JsonObject Epoch(ExperimentRecord e, TrialRecord t, EpochRecord ep) => new()
    {
        ["experiment"] = e.Name,
        ["version"] = e.Version,
        ["trial_id"] = t.Id,
        ["number"] = t.Number,
        ["repeat"] = t.Repeat,
        ["seed"] = t.Seed,
        ["state"] = t.State.Name(),
        ["params"] = Params(t),
        ["epoch"] = ep.Epoch,
        ["train_loss"] = Number(ep.TrainLoss),
        ["train_accuracy"] = Number(ep.TrainAccuracy),
        ["validation_loss"] = Number(ep.ValidationLoss),
        ["validation_accuracy"] = Number(ep.ValidationAccuracy),
        ["learning_rate"] = Number(ep.LearningRate),
        ["seconds"] = Number(ep.Seconds),
    };

    private static JsonObject Params(TrialRecord t) =>
        new([.. t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, ParamValue.Json(p.Value)))]);

    /// <summary>JSON has no NaN or infinity (a diverged epoch's loss): those become null.</summary>
    private static JsonNode? Number(double? v) => v is { } x && double.IsFinite(x) ? JsonValue.Create(x) : null;
}
