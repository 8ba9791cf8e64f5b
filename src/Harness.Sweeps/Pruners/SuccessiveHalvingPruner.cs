using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// Asynchronous successive halving (ASHA), as Optuna's SuccessiveHalvingPruner. Rung r sits at epoch
/// <c>MinResource * ReductionFactor^(MinEarlyStoppingRate + r)</c>. When a trial reaches a rung epoch its
/// validation accuracy at that epoch is compared with the values the other trials recorded at the same rung
/// (the accuracy at that epoch of every other trial whose <see cref="TrialSnapshot.ValidationCurve"/> reaches it),
/// its own value included: it continues only when it is among the top <c>1 / ReductionFactor</c> of them
/// (at least the single best, so the first trials to reach a rung always continue); otherwise it is pruned.
/// Epochs between rungs never prune, and a missing (non-finite) accuracy never prunes either.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <param name="minResource">Epochs of the first rung (with a minimum early-stopping rate of 0); at least 1.</param>
    /// <param name="reductionFactor">The fraction 1/reductionFactor of trials promoted at each rung; at least 2.</param>
    /// <param name="minEarlyStoppingRate">Rungs skipped at the start: the first rung is at minResource * reductionFactor^rate; at least 0.</param>
    public SuccessiveHalvingPruner(int minResource = 1, int reductionFactor = 4, int minEarlyStoppingRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        MinResource = minResource;
        ReductionFactor = reductionFactor;
        MinEarlyStoppingRate = minEarlyStoppingRate;
    }

    /// <summary>Epochs of the first rung when <see cref="MinEarlyStoppingRate"/> is 0.</summary>
    public int MinResource { get; }
    /// <summary>Only the top 1/ReductionFactor of a rung's values continue; rungs are ReductionFactor times apart.</summary>
    public int ReductionFactor { get; }
    /// <summary>The exponent of the first rung (Hyperband's bracket number).</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>The rung whose epoch is <paramref name="epoch"/>, or -1 when that epoch is no rung.</summary>
    public int RungAt(int epoch)
    {
        long step = MinResource;
        for (int i = 0; i < MinEarlyStoppingRate && step <= epoch; i++) step *= ReductionFactor;
        for (int rung = 0; step <= epoch; rung++, step *= ReductionFactor)
            if (step == epoch) return rung;
        return -1;
    }

    /// <inheritdoc />
    public bool ShouldPrune(TrialSnapshot trial, IReadOnlyList<EpochMetrics> history, IReadOnlyList<TrialSnapshot> others)
    {
        int epoch = history.Count;
        if (epoch == 0 || RungAt(epoch) < 0) return false;
        double mine = history[epoch - 1].ValidationAccuracy;
        if (!double.IsFinite(mine)) return false;
        var competing = new List<double> { mine };
        foreach (var o in others)
        {
            if (o.Key == trial.Key || o.ValidationCurve is not { } curve || curve.Count < epoch) continue;
            if (double.IsFinite(curve[epoch - 1])) competing.Add(curve[epoch - 1]);
        }
        return !Promotable(mine, competing, ReductionFactor);
    }

    /// <summary>
    /// Optuna's rule: with n values at the rung, the value must reach the (n / reductionFactor)-th best
    /// (the best when n &lt; reductionFactor). Higher is better.
    /// </summary>
    internal static bool Promotable(double value, List<double> competing, int reductionFactor)
    {
        int index = Math.Max(competing.Count / reductionFactor - 1, 0);
        competing.Sort((a, b) => b.CompareTo(a));
        return value >= competing[index];
    }
}
