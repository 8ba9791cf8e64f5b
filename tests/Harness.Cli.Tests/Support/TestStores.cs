using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>Results stores filled directly through the store contract, for the reading and managing commands.</summary>
internal static class TestStores
{
    public const string Spec = """{"name":"alpha","dataset":{"name":"xor"},"search":{"space":{"learning_rate":[0.1,0.01]}}}""";

    /// <summary>
    /// A store file holding "alpha" with <paramref name="versions"/> versions (each: trial 0 complete with two epochs
    /// and a model, test accuracy 0.625 in version 1 and 0.875 after; trial 1 pending) and "beta" with one version;
    /// returns the path.
    /// </summary>
    public static string Create(string path, int versions = 2)
    {
        using var store = new LiteDbExperimentStore(path);
        for (int v = 1; v <= versions; v++)
        {
            var e = store.OpenExperiment("alpha", Spec, new string((char)('a' + v), 64), newVersion: true);
            var trials = store.EnsureTrials("alpha", e.Version, [Planned("alpha", 0, 0.1), Planned("alpha", 1, 0.01)]);
            Complete(store, trials[0], [1, 2, 3], v == 1 ? 0.625 : 0.875);
        }
        var b = store.OpenExperiment("beta", Spec.Replace("alpha", "beta"), new string('f', 64), newVersion: false);
        store.EnsureTrials("beta", b.Version, [Planned("beta", 0, 0.5)]);
        return path;
    }

    public static TrialRecord Planned(string experiment, int number, double lr) => new()
    {
        Experiment = experiment,
        Number = number,
        Key = $"lr={lr}",
        Seed = 1 + number,
        Params = new() { ["learning_rate"] = lr.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ConfigJson = $$"""{"learning_rate":{{lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""",
    };

    public static void Complete(IExperimentStore store, TrialRecord t, byte[]? model, double testAccuracy)
    {
        Assert.True(store.TryClaim(t.Id, "cpu", "cpu", out _));
        store.AppendEpochs([Epoch(t.Id, 1), Epoch(t.Id, 2)]);
        store.Finish(t.Id, new TrialOutcome
        {
            State = TrialState.Complete,
            Seconds = 1.25,
            EpochsRun = 2,
            BestEpoch = 2,
            ValidationAccuracy = 0.75,
            ValidationLoss = 0.5,
            TestAccuracy = testAccuracy,
            TestLoss = 0.55,
            Model = model,
        });
    }

    public static EpochRecord Epoch(long trialId, int epoch) => new()
    {
        TrialId = trialId,
        Epoch = epoch,
        TrainLoss = 1.0 / epoch,
        TrainAccuracy = 0.5 + epoch / 10.0,
        ValidationLoss = 0.5 / epoch,
        ValidationAccuracy = 0.25 * epoch,
        LearningRate = 0.1,
        Seconds = 0.5,
    };
}
