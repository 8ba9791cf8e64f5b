namespace Harness.Store.Tests;

/// <summary>Planned trials and an opened experiment for tests.</summary>
internal static class TrialPlans
{
    public const string Experiment = "mnist-lr";
    public const string Spec = """{"name":"mnist-lr","search":{"lr":{"log_uniform":[0.001,1]}}}""";
    public const string Hash = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    public static TrialRecord Planned(int number, int repeat = 0) => new()
    {
        Experiment = Experiment,
        Number = number,
        Key = $"lr={0.001 * (number + 1):R}/r{repeat}",
        Repeat = repeat,
        Seed = 1000 + number,
        Params = new() { ["lr"] = (0.001 * (number + 1)).ToString("R"), ["layers"] = "[100,10]", ["a.b$c"] = "odd" },
        ConfigJson = $$"""{"learning_rate":{{0.001 * (number + 1)}}}""",
    };

    public static List<TrialRecord> Plan(int count) => Enumerable.Range(0, count).Select(i => Planned(i)).ToList();

    /// <summary>Opens the experiment and inserts <paramref name="count"/> pending trials; returns them by Number.</summary>
    public static IReadOnlyList<TrialRecord> Seed(IExperimentStore store, int count)
    {
        var e = store.OpenExperiment(Experiment, Spec, Hash, newVersion: false);
        return store.EnsureTrials(Experiment, e.Version, Plan(count));
    }

    public static EpochRecord Epoch(long trialId, int epoch, double scale = 1) => new()
    {
        TrialId = trialId,
        Epoch = epoch,
        TrainLoss = scale / epoch,
        TrainAccuracy = 0.5 + epoch / 100.0,
        ValidationLoss = 2 * scale / epoch,
        ValidationAccuracy = 0.4 + epoch / 100.0,
        LearningRate = 0.1 * scale,
        Seconds = 0.25,
    };

    public static TrialOutcome Complete(byte[]? model = null) => new()
    {
        State = TrialState.Complete,
        Seconds = 12.5,
        EpochsRun = 3,
        BestEpoch = 2,
        ValidationAccuracy = 0.97,
        ValidationLoss = 0.11,
        TestAccuracy = 0.968,
        TestLoss = 0.12,
        Model = model,
    };
}
