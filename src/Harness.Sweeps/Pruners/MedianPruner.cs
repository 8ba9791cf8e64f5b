using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Optuna's median rule: after <see cref="WarmupEpochs"/> epochs, stop a trial whose best validation accuracy so
/// far is below the median, at the same epoch, of the other trials' best-so-far validation accuracy. Only other
/// trials that finished (complete or pruned) with a <see cref="TrialSnapshot.ValidationCurve"/> reaching that
/// epoch count, and only once at least <see cref="MinTrials"/> of them do; before that it never prunes.
/// Trials that finished earlier than the epoch (early stopping) contribute their last best-so-far value.
/// </summary>
public sealed class MedianPruner : IPruner
{
    public MedianPruner(int warmupEpochs = 1, int minTrials = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minTrials, 1);
        WarmupEpochs = warmupEpochs;
        MinTrials = minTrials;
    }

    /// <summary>Epochs a trial always runs before it can be pruned.</summary>
    public int WarmupEpochs { get; }
    /// <summary>Finished trials with curves needed before any pruning.</summary>
    public int MinTrials { get; }

    /// <inheritdoc />
    public bool ShouldPrune(TrialSnapshot trial, IReadOnlyList<EpochMetrics> history, IReadOnlyList<TrialSnapshot> others)
    {
        int epoch = history.Count;
        if (epoch < WarmupEpochs) return false;
        double mine = BestSoFar(history.Select(h => h.ValidationAccuracy), epoch);
        if (double.IsNaN(mine)) return false;
        var peers = new List<double>();
        foreach (var o in others)
        {
            if (o.Key == trial.Key || o.State is not (TrialState.Complete or TrialState.Pruned)) continue;
            if (o.ValidationCurve is not { Count: > 0 } curve) continue;
            double v = BestSoFar(curve, epoch);
            if (!double.IsNaN(v)) peers.Add(v);
        }
        if (peers.Count < MinTrials) return false;
        return mine < Median(peers);
    }

    /// <summary>Largest finite value among the first <paramref name="epochs"/> entries; NaN when none.</summary>
    private static double BestSoFar(IEnumerable<double> curve, int epochs)
    {
        double best = double.NaN;
        foreach (var v in curve.Take(epochs))
            if (double.IsFinite(v) && (double.IsNaN(best) || v > best)) best = v;
        return best;
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}
