using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps.Tests;

public sealed class SuccessiveHalvingPrunerTests
{
    internal static TrialSnapshot Finished(int n, params double[] curve) =>
        new TrialSnapshot(n, $"k{n}", 0, new Dictionary<string, string>(), TrialState.Complete, curve.Length, curve.Max(), null) { ValidationCurve = curve };

    internal static List<EpochMetrics> History(params double[] valAcc) =>
        [.. valAcc.Select((v, i) => new EpochMetrics(i + 1, 1, 0.5, 1, v, 0.1, 0.01))];

    internal static TrialSnapshot Me(int number = 99) => new(number, "me", 0, new Dictionary<string, string>(), TrialState.Running, 0, null, null);

    [Fact]
    public void Rungs_sit_at_min_resource_times_reduction_factor_to_the_rate_plus_rung()
    {
        // min 1, eta 3, rate 0: rungs at epochs 1, 3, 9, 27.
        var p = new SuccessiveHalvingPruner(1, 3, 0);
        Assert.Equal([0, -1, 1, -1, -1, -1, -1, -1, 2], Enumerable.Range(1, 9).Select(p.RungAt));
        Assert.Equal(3, p.RungAt(27));
        // min 2, eta 2, rate 1: rungs at epochs 4, 8, 16.
        var q = new SuccessiveHalvingPruner(2, 2, 1);
        Assert.Equal([-1, -1, -1, 0, -1, -1, -1, 1], Enumerable.Range(1, 8).Select(q.RungAt));
        Assert.Equal(2, q.RungAt(16));
    }

    [Fact]
    public void Promotes_only_the_top_third_at_a_rung_by_hand()
    {
        var p = new SuccessiveHalvingPruner(1, 3, 0);
        // Rung 0 (epoch 1), values recorded by others: 0.9, 0.8. With mine, 3 values: 3/3 = 1 promoted, the best.
        TrialSnapshot[] two = [Finished(0, 0.9, 0.91, 0.92), Finished(1, 0.8)];
        Assert.True(p.ShouldPrune(Me(), History(0.85), two));   // 0.85 < 0.9
        Assert.False(p.ShouldPrune(Me(), History(0.95), two));  // 0.95 is the best
        Assert.False(p.ShouldPrune(Me(), History(0.9), two));   // a tie with the best continues

        // Six values at rung 0 (5 others + mine): 6/3 = 2 promoted, so the threshold is the 2nd best.
        TrialSnapshot[] five = [Finished(0, 0.9), Finished(1, 0.8), Finished(2, 0.7), Finished(3, 0.6), Finished(4, 0.5)];
        Assert.False(p.ShouldPrune(Me(), History(0.85), five)); // sorted 0.9, 0.85, ...: 2nd best is mine
        Assert.True(p.ShouldPrune(Me(), History(0.75), five));  // 2nd best is 0.8 > 0.75

        // Epoch 2 is no rung: even the worst value continues.
        Assert.False(p.ShouldPrune(Me(), History(0.95, 0.0), two));
    }

    [Fact]
    public void A_rung_counts_only_trials_that_reached_it_with_their_value_at_that_epoch()
    {
        var p = new SuccessiveHalvingPruner(1, 3, 0);
        // Rung 1 is epoch 3. Trial 1 stopped at epoch 1 and never reached it; trial 0 has 0.5 at epoch 3
        // (its later 0.99 does not count). Two values at the rung: fewer than 3, so only the best continues.
        TrialSnapshot[] others = [Finished(0, 0.1, 0.2, 0.5, 0.99), Finished(1, 0.99)];
        Assert.False(p.ShouldPrune(Me(), History(0.0, 0.0, 0.6), others)); // 0.6 > 0.5
        Assert.True(p.ShouldPrune(Me(), History(0.0, 0.0, 0.4), others));  // 0.4 < 0.5
        // The first trial to reach a rung always continues.
        Assert.False(p.ShouldPrune(Me(), History(0.0), []));
        // Others without curves are ignored; a missing accuracy never prunes.
        Assert.False(p.ShouldPrune(Me(), History(0.0), [Finished(0, 0.9) with { ValidationCurve = null }]));
        Assert.False(p.ShouldPrune(Me(), History(double.NaN), [Finished(0, 0.9)]));
    }

    [Fact]
    public void Min_early_stopping_rate_skips_the_first_rungs()
    {
        // min 1, eta 2, rate 1: rungs at 2, 4, 8. Epoch 1 never prunes; at epoch 2 with 4 values, 4/2 = 2 continue.
        var p = new SuccessiveHalvingPruner(1, 2, 1);
        TrialSnapshot[] others = [Finished(0, 0.9, 0.9), Finished(1, 0.8, 0.8), Finished(2, 0.1, 0.1)];
        Assert.False(p.ShouldPrune(Me(), History(0.0), others));
        Assert.True(p.ShouldPrune(Me(), History(0.0, 0.7), others));  // sorted 0.9, 0.8, 0.7, 0.1: 2nd best 0.8
        Assert.False(p.ShouldPrune(Me(), History(0.0, 0.8), others)); // ties the 2nd best
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(0, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(1, 3, -1));
    }
}
