using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// An immutable view of one trial that samplers and pruners see (never the store itself).
/// <see cref="ValidationCurve"/> is the validation accuracy per epoch (index 0 = epoch 1) when the caller read
/// the epoch rows (<see cref="WithCurve"/>), else null; curve-based pruners ignore trials without one.
/// </summary>
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
    /// <summary>Validation accuracy per epoch, epoch 1 first; null when not loaded.</summary>
    public IReadOnlyList<double>? ValidationCurve { get; init; }

    /// <summary>The snapshot of <paramref name="t"/> with its validation curve taken from <paramref name="epochs"/> (any order).</summary>
    public static TrialSnapshot WithCurve(TrialRecord t, IEnumerable<EpochRecord> epochs) =>
        From(t) with { ValidationCurve = [.. epochs.OrderBy(e => e.Epoch).Select(e => e.ValidationAccuracy)] };

    public static TrialSnapshot From(TrialRecord t) => new(t.Number, t.Key, t.Repeat,
        new Dictionary<string, string>(t.Params), t.State, t.EpochsRun, t.ValidationAccuracy, t.ValidationLoss);
}
