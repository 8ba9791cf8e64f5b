using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>The store contract for `harness retry`: failed trials back to pending with nothing of their attempt left.</summary>
public abstract partial class ExperimentStoreContract
{
    private static TrialOutcome Failed(string error) => new() { State = TrialState.Failed, Seconds = 2, EpochsRun = 2, BestEpoch = 1, ValidationAccuracy = 0.5, Error = error };

    [Fact]
    public void RetryFailed_puts_the_versions_failed_trials_back_to_pending_and_leaves_the_rest_as_they_were()
    {
        var store = NewStore();
        var trials = Seed(store, 4);
        foreach (var (t, failed) in new[] { (trials[0], true), (trials[1], false), (trials[3], true) })
        {
            Claim(store, t.Id);
            store.AppendEpochs([Epoch(t.Id, 1), Epoch(t.Id, 2)]);
            store.Finish(t.Id, failed ? Failed("out of memory") : Complete([4, 5]));
        }
        var before = store.GetTrials(Experiment, 1);

        var retried = store.RetryFailed(Experiment, 1);

        Assert.Equal([trials[0].Id, trials[3].Id], retried.Select(t => t.Id));
        Assert.Equal(retried, store.GetTrials(Experiment, 1).Where(t => t.Id == trials[0].Id || t.Id == trials[3].Id), TrialComparer);
        foreach (var t in retried)
        {
            Assert.Equal(TrialState.Pending, t.State);
            Assert.Null(t.Error);
            Assert.Null(t.ValidationAccuracy);
            Assert.Null(t.BestEpoch);
            Assert.Null(t.Seconds);
            Assert.Null(t.Host);
            Assert.Null(t.FinishedUtc);
            Assert.Equal(0, t.EpochsRun);
            Assert.Empty(store.GetEpochs(t.Id));
            var planned = before.Single(b => b.Id == t.Id);
            Assert.Equal((planned.Number, planned.Key, planned.Seed, planned.ConfigJson), (t.Number, t.Key, t.Seed, t.ConfigJson));
        }
        Assert.Equal(before.Single(t => t.Id == trials[1].Id), store.GetTrial(trials[1].Id), TrialComparer);
        Assert.Equal(2, store.GetEpochs(trials[1].Id).Count);
        Assert.Equal([4, 5], store.LoadModel(trials[1].Id));
        Assert.Equal(TrialState.Pending, store.GetTrial(trials[2].Id)!.State);

        Assert.Empty(store.RetryFailed(Experiment, 1)); // nothing failed any more
        Assert.Empty(store.RetryFailed(Experiment, 7));
        Assert.Empty(store.RetryFailed("never-there", 1));
        Assert.True(store.TryClaim(trials[0].Id, "cpu", "cpu0", out _)); // trained again like any pending trial
    }
}
