using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>The store contract for checkpoints: kept across an interruption, resumed with their rows, gone when the trial finishes.</summary>
public abstract partial class ExperimentStoreContract
{
    private static TrialOutcome Interrupted(int epochs) => new() { State = TrialState.Interrupted, Seconds = 1, EpochsRun = epochs, Error = "interrupted" };

    [Fact]
    public void A_checkpoint_survives_an_interruption_and_a_resuming_claim_keeps_the_rows_up_to_its_epoch()
    {
        var store = NewStore();
        var trial = Seed(store, 1)[0];
        Claim(store, trial.Id);
        Assert.Null(store.LoadCheckpoint(trial.Id));
        store.AppendEpochs([Epoch(trial.Id, 1), Epoch(trial.Id, 2), Epoch(trial.Id, 3)]);
        store.SaveCheckpoint(trial.Id, 2, [2, 2]);
        store.SaveCheckpoint(trial.Id, 3, [3, 3, 3]); // replaces the first
        store.AppendEpochs([Epoch(trial.Id, 4), Epoch(trial.Id, 5)]);
        store.Finish(trial.Id, Interrupted(5));

        Assert.Equal(new Dictionary<long, int> { [trial.Id] = 3 }, store.CheckpointEpochs(Experiment, 1));
        Assert.Empty(store.CheckpointEpochs(Experiment, 2));
        var kept = store.LoadCheckpoint(trial.Id)!;
        Assert.Equal(3, kept.Epoch);
        Assert.Equal([3, 3, 3], kept.State);
        Assert.Equal(5, store.GetEpochs(trial.Id).Count); // an interrupted trial shows what it ran

        Assert.Single(store.ClaimAll([trial.Id], "cpu", "cpu0", resume: true));
        Assert.Equal([1, 2, 3], store.GetEpochs(trial.Id).Select(e => e.Epoch));
        Assert.Equal(3, store.LoadCheckpoint(trial.Id)!.Epoch);
        store.AppendEpochs([Epoch(trial.Id, 4)]);
        store.Finish(trial.Id, Complete());
        Assert.Null(store.LoadCheckpoint(trial.Id)); // a finished trial needs none
        Assert.Empty(store.CheckpointEpochs(Experiment, 1));
        Assert.Equal(4, store.GetEpochs(trial.Id).Count);
    }

    [Fact]
    public void A_claim_that_does_not_resume_removes_the_checkpoint_and_every_row()
    {
        var store = NewStore();
        var trials = Seed(store, 2);
        foreach (var t in trials)
        {
            Claim(store, t.Id);
            store.AppendEpochs([Epoch(t.Id, 1), Epoch(t.Id, 2)]);
            store.SaveCheckpoint(t.Id, 1, [1]);
            store.Finish(t.Id, Interrupted(2));
        }
        Claim(store, trials[0].Id); // TryClaim never resumes
        Assert.Single(store.ClaimAll([trials[1].Id], "cuda", "gpu0")); // nor does ClaimAll by default
        foreach (var t in trials)
        {
            Assert.Null(store.LoadCheckpoint(t.Id));
            Assert.Empty(store.GetEpochs(t.Id));
        }
    }

    [Fact]
    public void A_resuming_claim_of_a_trial_without_a_checkpoint_starts_it_afresh()
    {
        var store = NewStore();
        var trial = Seed(store, 1)[0];
        Claim(store, trial.Id);
        store.AppendEpochs([Epoch(trial.Id, 0), Epoch(trial.Id, 1)]); // epoch 0 is a row the store takes too
        store.Finish(trial.Id, Interrupted(1));
        Assert.Single(store.ClaimAll([trial.Id], "cpu", "cpu0", resume: true));
        Assert.Empty(store.GetEpochs(trial.Id));
    }

    [Fact]
    public void SaveCheckpoint_refuses_a_trial_not_running_here_missing_rows_and_a_bad_epoch()
    {
        var store = NewStore();
        var trials = Seed(store, 2);
        var pending = Assert.Throws<InvalidOperationException>(() => store.SaveCheckpoint(trials[0].Id, 1, [1]));
        Assert.Contains("not running", pending.Message);

        Claim(store, trials[0].Id);
        store.AppendEpochs([Epoch(trials[0].Id, 1), Epoch(trials[0].Id, 3)]);
        var gap = Assert.Throws<InvalidOperationException>(() => store.SaveCheckpoint(trials[0].Id, 3, [1]));
        Assert.Contains("after epoch 3: it has 2 of epochs 1..3's rows", gap.Message);
        Assert.Throws<ArgumentException>(() => store.SaveCheckpoint(trials[0].Id, 0, [1]));
        Assert.Null(store.LoadCheckpoint(trials[0].Id));

        store.Finish(trials[0].Id, Complete());
        var finished = Assert.Throws<InvalidOperationException>(() => store.SaveCheckpoint(trials[0].Id, 1, [1]));
        Assert.Contains("finished trials never change", finished.Message);
        Assert.Throws<KeyNotFoundException>(() => store.SaveCheckpoint(987654, 1, [1]));
    }

    [Fact]
    public void DeleteExperiment_removes_the_checkpoints_of_its_trials()
    {
        var store = NewStore();
        var trial = Seed(store, 1)[0];
        Claim(store, trial.Id);
        store.AppendEpochs([Epoch(trial.Id, 1)]);
        store.SaveCheckpoint(trial.Id, 1, [7, 7]);
        store.Finish(trial.Id, Interrupted(1));
        Assert.True(store.DeleteExperiment(Experiment));
        Assert.Null(store.LoadCheckpoint(trial.Id));
    }
}
