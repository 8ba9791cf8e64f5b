using Harness.Store;

namespace Harness.Dashboard.Tests.Support;

/// <summary>Writes experiments and trials through the store contract the way a sweep does (plan, claim, epochs, finish).</summary>
internal sealed class StoreWriter(IExperimentStore store)
{
    public const string Spec = """{"name":"grid","description":"test grid","dataset":{"name":"mnist","train_limit":1000},"base":{"epochs":3}}""";

    public ExperimentRecord Experiment(string name, string spec = Spec) => store.OpenExperiment(name, spec, "hash-" + name, newVersion: false);

    /// <summary>Plans trials (numbered from the largest stored number + 1) with the given parameters; returns them pending.</summary>
    public IReadOnlyList<TrialRecord> Plan(string name, IEnumerable<Dictionary<string, string>> parameters, int version = 1)
    {
        var existing = store.GetTrials(name, version);
        int next = existing.Count == 0 ? 0 : existing.Max(t => t.Number) + 1;
        var planned = parameters.Select((p, i) => new TrialRecord
        {
            Experiment = name,
            Version = version,
            Number = next + i,
            Key = $"k{next + i}",
            Seed = 1 + next + i,
            Params = p,
            ConfigJson = $$"""{"hidden":[64],"activation":"relu","learning_rate":{{(p.TryGetValue("learning_rate", out var lr) ? lr : "0.1")}},"seed":{{1 + next + i}}}""",
        }).ToList();
        var all = store.EnsureTrials(name, version, planned);
        var keys = planned.Select(t => t.Key).ToHashSet();
        return [.. all.Where(t => keys.Contains(t.Key))];
    }

    /// <summary>Claims the trials, writes <paramref name="epochs"/> epochs each and finishes them complete with the given accuracy.</summary>
    public void Complete(IReadOnlyList<TrialRecord> trials, Func<TrialRecord, double> accuracy, int epochs = 3)
    {
        store.ClaimAll([.. trials.Select(t => t.Id)], "cpu", "test");
        if (epochs > 0)
            store.AppendEpochs([.. trials.SelectMany(t => Enumerable.Range(1, epochs).Select(e => Epoch(t.Id, e, accuracy(t) * e / epochs)))]);
        foreach (var t in trials)
        {
            var acc = accuracy(t);
            store.Finish(t.Id, new TrialOutcome
            {
                State = TrialState.Complete,
                Seconds = 1.5,
                EpochsRun = epochs,
                BestEpoch = epochs,
                ValidationAccuracy = acc,
                ValidationLoss = 1 - acc,
                TestAccuracy = acc - 0.01,
                TestLoss = 1.1 - acc,
            });
        }
    }

    public static EpochRecord Epoch(long trial, int epoch, double accuracy) => new()
    {
        TrialId = trial,
        Epoch = epoch,
        TrainAccuracy = Math.Min(1, accuracy + 0.02),
        ValidationAccuracy = accuracy,
        TrainLoss = 1.2 - accuracy,
        ValidationLoss = 1.3 - accuracy,
        LearningRate = 0.1,
        Seconds = 0.5,
    };

    public static Dictionary<string, string> Params(params (string Name, string Value)[] p) =>
        p.ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal);
}
