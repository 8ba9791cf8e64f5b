using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Store;

namespace Harness.Baselines;

/// <summary>
/// Runs ML.NET baselines as trials of an experiment in the store, so tables and comparisons show them beside
/// the MLPs. The experiment's spec is the dataset; each trainer is one trial keyed by its name, so asking for
/// another trainer later adds a trial and finished trainers are not run again.
/// </summary>
public static class BaselineRunner
{
    public const string Engine = "mlnet";

    /// <summary>How often a training trial's heartbeat is written (a sweep re-queues trials silent for minutes).</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<TrialRecord> Run(IExperimentStore store, string experiment, JsonNode datasetSpec,
        DataSplits data, IReadOnlyList<BaselineTrainer> trainers, Action<string>? log = null, TimeSpan? heartbeat = null)
    {
        var beatEvery = heartbeat ?? DefaultHeartbeat;
        ArgumentException.ThrowIfNullOrWhiteSpace(experiment);
        if (trainers.Count == 0) throw new ArgumentException("no baseline trainer given; allowed: " + string.Join(", ", BaselineTrainers.Names.Keys));
        var spec = new JsonObject { ["kind"] = "baseline", ["dataset"] = datasetSpec.DeepClone() };
        var specJson = spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec.ToJsonString())));
        var exp = store.OpenExperiment(experiment, specJson, hash, newVersion: false);
        store.RequeueStale(TimeSpan.FromMinutes(10));

        var all = Enum.GetValues<BaselineTrainer>();
        var planned = trainers.Distinct().Select(t => new TrialRecord
        {
            Experiment = exp.Name,
            Version = exp.Version,
            Number = Array.IndexOf(all, t),
            Key = t.Name(),
            Seed = 1,
            // The trainer is the one searched parameter; its settings are the trial's configuration.
            Params = new Dictionary<string, string> { ["trainer"] = t.Name() },
            ConfigJson = JsonSerializer.Serialize(MlNetBaselines.Settings(t)),
            State = TrialState.Pending,
            CreatedUtc = DateTime.UtcNow,
        }).ToList();
        var trials = store.EnsureTrials(exp.Name, exp.Version, planned);
        var wanted = planned.Select(p => p.Key).ToHashSet();

        foreach (var trial in trials.Where(t => wanted.Contains(t.Key)).OrderBy(t => t.Number))
        {
            if (trial.State.IsFinished())
            {
                log?.Invoke($"{trial.Key}: already {trial.State.Name()} (test accuracy {trial.TestAccuracy:P2})");
                continue;
            }
            // The sweep runner's lifecycle: claim, heartbeat while ML.NET trains (for minutes, in one call, so
            // RequeueStale leaves it alone), finish in one transaction.
            using var lease = TrialLease.Claim(store, [trial.Id], Engine, "cpu", beatEvery, TimeSpan.Zero);
            if (lease.Trials.Count == 0)
            {
                log?.Invoke($"{trial.Key}: claimed by another process, skipped");
                continue;
            }
            log?.Invoke($"{trial.Key}: training on {data.Train.Count} examples...");
            try
            {
                var r = MlNetBaselines.Train(BaselineTrainers.Parse(trial.Key), data);
                lease.Finish(trial.Id, new TrialOutcome
                {
                    State = TrialState.Complete,
                    Seconds = r.Seconds,
                    ValidationAccuracy = r.ValidationAccuracy,
                    ValidationLoss = r.ValidationLogLoss,
                    TestAccuracy = r.TestAccuracy,
                    TestLoss = r.TestLogLoss,
                });
                log?.Invoke($"{trial.Key}: validation {r.ValidationAccuracy:P2}, test {r.TestAccuracy:P2}, {r.Seconds:F1} s");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lease.Finish(trial.Id, new TrialOutcome { State = TrialState.Failed, Error = ex.Message });
                log?.Invoke($"{trial.Key}: failed: {ex.Message}");
            }
        }
        return store.GetTrials(exp.Name, exp.Version);
    }
}
