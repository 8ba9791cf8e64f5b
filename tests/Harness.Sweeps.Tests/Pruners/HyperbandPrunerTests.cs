using static Harness.Sweeps.Tests.SuccessiveHalvingPrunerTests;

namespace Harness.Sweeps.Tests;

public sealed class HyperbandPrunerTests
{
    [Fact]
    public void Brackets_and_their_shares_match_Optuna_by_hand()
    {
        // min 1, max 27, eta 3: 1, 3, 9, 27 -> 4 brackets; shares ceil(4*27/4)=27, ceil(4*9/3)=12, ceil(4*3/2)=6, ceil(4*1/1)=4.
        var p = new HyperbandPruner("exp", 1, 27, 3);
        Assert.Equal(4, p.Brackets);
        Assert.Equal([27, 12, 6, 4], p.Budgets);
        Assert.Equal([0, 1, 2, 3], Enumerable.Range(0, 4).Select(b => p.Bracket(b).MinEarlyStoppingRate));
        Assert.Equal(1, new HyperbandPruner("exp", 1, 2, 3).Brackets);
    }

    [Fact]
    public void Bracket_is_the_crc32_of_name_and_number_and_stable()
    {
        // zlib.crc32(b"exp_0") % 49 = 18 -> bracket 0; exp_2: 34 -> 1 (27..38); exp_5: 39 -> 2 (39..44); exp_8: 45 -> 3.
        var p = new HyperbandPruner("exp", 1, 27, 3);
        Assert.Equal([0, 1, 2, 3], new[] { 0, 2, 5, 8 }.Select(p.BracketOf));
        Assert.Equal(0x3610A686u, Crc32.Of("hello")); // zlib.crc32(b"hello")
        var again = new HyperbandPruner("exp", 1, 27, 3);
        Assert.Equal(Enumerable.Range(0, 200).Select(p.BracketOf), Enumerable.Range(0, 200).Select(again.BracketOf));
        Assert.NotEqual(Enumerable.Range(0, 200).Select(p.BracketOf), Enumerable.Range(0, 200).Select(new HyperbandPruner("other", 1, 27, 3).BracketOf));
        // Over many trials every bracket is used.
        Assert.Equal(4, Enumerable.Range(0, 200).Select(p.BracketOf).Distinct().Count());
    }

    [Fact]
    public void A_trial_is_compared_only_with_its_own_bracket()
    {
        var p = new HyperbandPruner("exp", 1, 27, 3);
        // Trial 0 is in bracket 0 (rungs at 1, 3, 9, 27). Trial 3 is in bracket 0 too, trial 2 in bracket 1.
        Assert.Equal((0, 0, 1), (p.BracketOf(0), p.BracketOf(3), p.BracketOf(2)));
        var me = Me(0);
        // A better trial from bracket 1 is not seen: alone in its rung, trial 0 continues.
        Assert.False(p.ShouldPrune(me, History(0.5), [Finished(2, 0.9)]));
        // The same value from bracket 0 is seen: 2 values < 3, only the best (0.9) continues.
        Assert.True(p.ShouldPrune(me, History(0.5), [Finished(3, 0.9)]));
        // Trial 2 (bracket 1, rungs at 3, 9, 27) never prunes at epoch 1, whatever its bracket holds.
        Assert.False(p.ShouldPrune(Me(2), History(0.0), [Finished(7, 0.9)]));
    }
}
