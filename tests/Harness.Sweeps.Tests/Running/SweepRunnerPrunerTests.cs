using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

public sealed class SweepRunnerPrunerTests
{
    /// <summary>
    /// Nine epochs per trial; learning rates in falling order, so with <see cref="FakeExecutor"/> (validation
    /// accuracy = learning rate + epoch/1000) every later trial is worse than the first at every epoch.
    /// </summary>
    private static ExperimentSpec Spec(string pruner) => Specs.Parse(Specs.Xor(
        $$"""{ "pruner": {{pruner}}, "space": { "learning_rate": [0.9, 0.8, 0.7, 0.6, 0.2, 0.1] } }""", extraBase: ", \"epochs\": 9"
    ).Replace("\"epochs\": 3, ", ""));

    private static IReadOnlyList<TrialRecord> Sweep(ExperimentSpec spec)
    {
        using var store = LiteDbExperimentStore.InMemory();
        new SweepRunner(store, new FakeExecutor(), new SweepOptions { Cohort = 1 }).Run(spec);
        return store.GetTrials("t");
    }

    [Fact]
    public void Asha_spends_fewer_epochs_than_the_same_sweep_unpruned_and_keeps_the_best()
    {
        var unpruned = Sweep(Spec("\"none\""));
        var asha = Sweep(Spec("""{"asha": {"min_resource": 1, "reduction_factor": 3}}"""));
        Assert.Equal(54, unpruned.Sum(t => t.EpochsRun)); // 6 trials x 9 epochs
        // By hand: trial 0 (lr 0.9) is alone at every rung (epochs 1, 3, 9) and runs all 9 epochs. Each later trial
        // meets the finished ones at rung 0 (epoch 1); with fewer than 3 values only the best continues and with
        // 3..5 values 1 continues, always trial 0's 0.901, so each is pruned after 1 epoch: 9 + 5 = 14 epochs.
        Assert.Equal([9, 1, 1, 1, 1, 1], asha.OrderBy(t => t.Number).Select(t => t.EpochsRun));
        Assert.Equal([TrialState.Complete, .. Enumerable.Repeat(TrialState.Pruned, 5)], asha.OrderBy(t => t.Number).Select(t => t.State));
        Assert.True(asha.Sum(t => t.EpochsRun) < unpruned.Sum(t => t.EpochsRun));
        Assert.Equal(unpruned.Max(t => t.ValidationAccuracy), asha.Max(t => t.ValidationAccuracy));
    }

    [Fact]
    public void A_trial_that_reaches_its_last_epoch_completes_even_where_that_epoch_is_a_rung_it_loses()
    {
        // The first rung at epoch 9, the trials' last: every later trial loses there to trial 0, but with nothing left
        // to save, each has run its whole budget and is complete (it was stored as pruned, which TPE ranks below
        // every complete trial).
        var asha = Sweep(Spec("""{"asha": {"min_resource": 9, "reduction_factor": 3}}"""));
        Assert.All(asha, t => Assert.Equal(9, t.EpochsRun));
        Assert.All(asha, t => Assert.Equal(TrialState.Complete, t.State));
    }
}
