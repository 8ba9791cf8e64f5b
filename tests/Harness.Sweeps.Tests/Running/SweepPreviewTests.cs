using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

/// <summary>`sweep --dry-run`'s preview: the trials a sweep plans, as the store holds them, read without writing.</summary>
public sealed class SweepPreviewTests
{
    private static ExperimentSpec Grid(string rates = "0.1, 0.2", int repeats = 1) =>
        Specs.Parse(Specs.Xor($$"""{ "space": { "learning_rate": [{{rates}}] } }""", repeats: repeats));

    private static ExperimentSpec Random(int trials) => Specs.Parse(Specs.Xor(
        $$"""{ "strategy": "random", "trials": {{trials}}, "seed": 5, "space": { "learning_rate": [0.1, 0.2, 0.6, 0.7, 0.8, 0.9] } }"""));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void A_new_experiment_previews_exactly_the_trials_the_sweep_then_stores_and_nothing_is_written()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Grid(repeats: 2);
        var preview = SweepPreview.Of(spec, store, newVersion: false);
        Assert.Empty(store.ListExperiments());
        Assert.Null(preview.Latest);
        Assert.Equal(1, preview.Version);
        Assert.False(preview.NeedsNewVersion);
        Assert.All(preview.Trials, t => Assert.Equal(TrialState.Pending, t.State));
        Assert.Equal(4, preview.ToRun.Count);
        Assert.Equal(1, preview.Groups); // one architecture and batch size
        // No store at all reads the same as an empty one.
        Assert.Equal(preview.Trials.Select(t => t.Key), SweepPreview.Of(spec, null, newVersion: false).Trials.Select(t => t.Key));

        new SweepRunner(store, new FakeExecutor()).Run(spec, Token);
        var stored = store.GetTrials("t");
        Assert.Equal(preview.Trials.Select(t => (t.Number, t.Key, t.Seed, t.ConfigJson)), stored.Select(t => (t.Number, t.Key, t.Seed, t.ConfigJson)));
    }

    [Fact]
    public void After_a_sweep_each_trial_shows_its_stored_state_and_new_repeats_are_numbered_on()
    {
        using var store = LiteDbExperimentStore.InMemory();
        new SweepRunner(store, new FakeExecutor()).Run(Grid("0.1, 0.3, 0.4"), Token); // complete, failed, diverged
        var preview = SweepPreview.Of(Grid("0.1, 0.3, 0.4"), store, newVersion: false);
        Assert.Equal(1, preview.Version);
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Diverged], preview.Trials.Select(t => t.State));
        Assert.NotNull(preview.Trials[0].ValidationAccuracy);
        Assert.Empty(preview.ToRun);
        Assert.Equal(0, preview.Groups);

        var raised = SweepPreview.Of(Grid("0.1, 0.3, 0.4", repeats: 2), store, newVersion: false);
        Assert.Equal(1, raised.Version);
        Assert.Equal([3, 4, 5], raised.ToRun.Select(t => t.Number).Order());
        Assert.All(raised.ToRun, t => Assert.Equal(2, t.Seed));
        Assert.Equal(3, store.GetTrials("t").Count); // still only what the sweep stored
    }

    [Fact]
    public void A_running_trial_is_not_counted_to_run_and_an_interrupted_one_is()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Grid();
        var exp = store.OpenExperiment(spec.Name, spec.ToJson(), spec.Hash(), newVersion: false);
        var trials = store.EnsureTrials(spec.Name, exp.Version, TrialPlanner.Plan(spec, exp.Version, spec.CreateSampler().Plan([])));
        store.ClaimAll([trials[0].Id], "cpu", "test");
        var preview = SweepPreview.Of(spec, store, newVersion: false);
        Assert.Equal([TrialState.Running, TrialState.Pending], preview.Trials.Select(t => t.State));
        Assert.Equal([1], preview.ToRun.Select(t => t.Number));
        store.Finish(trials[0].Id, new TrialOutcome { State = TrialState.Interrupted, Seconds = 0 });
        Assert.Equal([0, 1], SweepPreview.Of(spec, store, newVersion: false).ToRun.Select(t => t.Number));
        Assert.Equal(0, SweepPreview.Of(spec, store, newVersion: false).FromCheckpoints);
    }

    [Fact]
    public void An_interrupted_trial_with_a_checkpoint_is_counted_as_going_on_from_it()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Grid();
        var exp = store.OpenExperiment(spec.Name, spec.ToJson(), spec.Hash(), newVersion: false);
        var trials = store.EnsureTrials(spec.Name, exp.Version, TrialPlanner.Plan(spec, exp.Version, spec.CreateSampler().Plan([])));
        store.ClaimAll([trials[1].Id], "cpu", "test");
        store.AppendEpochs([new EpochRecord { TrialId = trials[1].Id, Epoch = 1 }, new EpochRecord { TrialId = trials[1].Id, Epoch = 2 }]);
        store.SaveCheckpoint(trials[1].Id, 2, [1, 2, 3]);
        store.Finish(trials[1].Id, new TrialOutcome { State = TrialState.Interrupted, Seconds = 0 });
        var preview = SweepPreview.Of(spec, store, newVersion: false);
        Assert.Equal(new Dictionary<long, int> { [trials[1].Id] = 2 }, preview.Checkpoints);
        Assert.Equal((2, 1), (preview.ToRun.Count, preview.FromCheckpoints));
    }

    [Fact]
    public void A_changed_spec_needs_a_new_version_unless_asked_for_and_then_starts_empty()
    {
        using var store = LiteDbExperimentStore.InMemory();
        new SweepRunner(store, new FakeExecutor()).Run(Grid(), Token);
        var refused = SweepPreview.Of(Grid("0.1, 0.25"), store, newVersion: false);
        Assert.True(refused.NeedsNewVersion);
        Assert.Equal(1, refused.Latest!.Version);
        Assert.Equal(2, refused.Version);
        var asked = SweepPreview.Of(Grid("0.1, 0.25"), store, newVersion: true);
        Assert.False(asked.NeedsNewVersion);
        Assert.Equal(2, asked.Version);
        Assert.All(asked.Trials, t => Assert.Equal(TrialState.Pending, t.State));
        Assert.Single(store.ListExperiments());
    }

    [Fact]
    public void Lowered_trials_are_counted_as_outside_the_plan_and_tpe_says_more_are_to_come()
    {
        using var store = LiteDbExperimentStore.InMemory();
        new SweepRunner(store, new FakeExecutor()).Run(Random(5), Token);
        var lowered = SweepPreview.Of(Random(3), store, newVersion: false);
        Assert.Equal(3, lowered.Trials.Count);
        Assert.Equal(2, lowered.Unplanned);
        Assert.False(lowered.MoreToCome);

        var tpe = Specs.Parse(Specs.Xor("""{ "strategy": { "tpe": { "startup_trials": 3 } }, "trials": 8, "seed": 1, "space": { "learning_rate": { "uniform": [0.05, 0.9] } } }"""));
        var preview = SweepPreview.Of(tpe, null, newVersion: false);
        Assert.Equal(3, preview.Trials.Count);
        Assert.True(preview.MoreToCome);
    }
}
