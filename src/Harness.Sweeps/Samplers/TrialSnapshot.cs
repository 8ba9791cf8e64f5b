using Harness.Store;

namespace Harness.Sweeps;

/// <summary>An immutable view of one trial that samplers and pruners see (never the store itself).</summary>
public sealed record TrialSnapshot(
    int Number,
    string Key,
    int Repeat,
    IReadOnlyDictionary<string, string> Params,
    TrialState State,
    int EpochsRun,
    double? ValidationAccuracy,
    double? ValidationLoss)
{
    public static TrialSnapshot From(TrialRecord t) => new(t.Number, t.Key, t.Repeat,
        new Dictionary<string, string>(t.Params), t.State, t.EpochsRun, t.ValidationAccuracy, t.ValidationLoss);
}
