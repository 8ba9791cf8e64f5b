using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

/// <summary>Raising (or lowering) repeats and random-search trials continues the same experiment version.</summary>
public sealed class GrowingExperimentTests
{
    private static ExperimentSpec Random(int trials, int repeats = 1) => Specs.Parse(Specs.Xor(
        $$"""{ "strategy": "random", "trials": {{trials}}, "seed": 5, "space": { "learning_rate": [0.1, 0.2, 0.6, 0.7, 0.8, 0.9] } }""", repeats: repeats));

    private static ExperimentSpec Grid(int repeats) => Specs.Parse(Specs.Xor("""{ "space": { "learning_rate": [0.1, 0.2] } }""", repeats: repeats));

    [Fact]
    public void Trials_and_repeats_leave_the_hash_but_the_space_does_not()
    {
        Assert.Equal(Random(3).Hash(), Random(10).Hash());
        Assert.Equal(Random(3).Hash(), Random(3, repeats: 4).Hash());
        Assert.Equal(Grid(1).Hash(), Grid(3).Hash());
        Assert.NotEqual(Grid(1).Hash(), Specs.Parse(Specs.Xor("""{ "space": { "learning_rate": [0.1, 0.3] } }""")).Hash());
        // The stored spec keeps the real counts.
        Assert.Equal(7, Specs.Parse(Random(7, repeats: 2).ToJson()).Search.Trials);
        Assert.Equal(2, Specs.Parse(Random(7, repeats: 2).ToJson()).Repeats);
    }

    [Fact]
    public void Hashes_of_experiments_with_one_repeat_and_20_random_trials_are_unchanged()
    {
        // LegacyHash is the hash before trials and repeats left it; with the values the hash writes, they agree.
        Assert.Equal(Random(20).LegacyHash(), Random(20).Hash());
        Assert.Equal(Grid(1).LegacyHash(), Grid(1).Hash());
        Assert.NotEqual(Grid(2).LegacyHash(), Grid(2).Hash());
    }

    [Fact]
    public void Raising_repeats_resumes_the_same_version_and_runs_only_the_new_seeds()
    {
        using var store = LiteDbExperimentStore.InMemory();
        new SweepRunner(store, new FakeExecutor()).Run(Grid(1), cancellationToken: TestContext.Current.CancellationToken);
        var executor = new FakeExecutor();
        var summary = new SweepRunner(store, executor).Run(Grid(3), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, summary.Experiment.Version);
        Assert.Equal(4, executor.Ran.Count); // two configurations x repeats 1 and 2
        // The base seed (1) ran before; only repeats 1 and 2 (seeds 2 and 3) are new.
        Assert.Equal([2, 2, 3, 3], executor.Ran.Select(c => c.Seed).Order());
        var trials = store.GetTrials("t");
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(Enumerable.Range(0, 6), trials.Select(t => t.Number).Order()); // no two trials share a number
        Assert.Equal([0, 1], trials.Where(t => t.Repeat == 0).Select(t => t.Number).Order()); // the first ones kept theirs
        Assert.Single(store.ListExperiments());
    }

    [Fact]
    public void Raising_trials_resumes_the_same_version_and_runs_only_the_new_draws_and_lowering_keeps_them()
    {
        using var store = LiteDbExperimentStore.InMemory();
        new SweepRunner(store, new FakeExecutor()).Run(Random(2), cancellationToken: TestContext.Current.CancellationToken);
        var first = store.GetTrials("t").Select(t => t.Key).ToList();
        var executor = new FakeExecutor();
        var summary = new SweepRunner(store, executor).Run(Random(5), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, summary.Experiment.Version);
        Assert.Equal(3, executor.Ran.Count);
        var trials = store.GetTrials("t");
        Assert.Equal(5, trials.Count);
        Assert.Equal(Random(5).CreateSampler().Plan([]).Select(c => c.Key + "#r0"), trials.OrderBy(t => t.Number).Select(t => t.Key));
        Assert.Subset(trials.Select(t => t.Key).ToHashSet(), first.ToHashSet());

        var lowered = new FakeExecutor();
        summary = new SweepRunner(store, lowered).Run(Random(3), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, summary.Experiment.Version);
        Assert.Empty(lowered.Ran);
        Assert.Equal(5, store.GetTrials("t").Count); // the extra finished trials stay
    }

    [Fact]
    public void Lowering_trials_leaves_unplanned_pending_trials_unrun()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Random(4);
        var exp = store.OpenExperiment(spec.Name, spec.ToJson(), spec.Hash(), newVersion: false);
        store.EnsureTrials(spec.Name, exp.Version, TrialPlanner.Plan(spec, exp.Version, spec.CreateSampler().Plan([])));
        var executor = new FakeExecutor();
        new SweepRunner(store, executor).Run(Random(1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(executor.Ran);
        Assert.Equal(3, store.GetTrials("t").Count(t => t.State == TrialState.Pending));
    }

    [Fact]
    public void A_version_stored_with_the_old_hash_is_continued_when_only_trials_or_repeats_differ()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var old = Grid(2);
        // As an older Harness stored it: hashed with repeats 2 in the hash.
        var exp = store.OpenExperiment(old.Name, old.ToJson(), old.LegacyHash(), newVersion: false);
        store.EnsureTrials(old.Name, exp.Version, TrialPlanner.Plan(old, exp.Version, old.CreateSampler().Plan([])));
        Assert.Equal(old.LegacyHash(), SpecHashes.For(store, Grid(3)));
        var executor = new FakeExecutor();
        var summary = new SweepRunner(store, executor).Run(Grid(3), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, summary.Experiment.Version);
        Assert.Equal(6, executor.Ran.Count); // the 4 stored (pending) trials and the 2 new seeds
        Assert.Equal(6, store.GetTrials("t").Count);
        // A real change is still refused.
        var changed = Specs.Parse(Specs.Xor("""{ "space": { "learning_rate": [0.1, 0.7] } }""", repeats: 2));
        Assert.Equal(changed.Hash(), SpecHashes.For(store, changed));
        Assert.Throws<SpecChangedException>(() => new SweepRunner(store, new FakeExecutor()).Run(changed, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Random_search_without_trials_is_an_error_and_an_override_supplies_it()
    {
        var json = Specs.Xor("""{ "strategy": "random", "space": { "learning_rate": [0.1, 0.2] } }""");
        var e = Assert.Single(Specs.Errors(json));
        Assert.Contains("test.json: search.trials: missing; strategy 'random' needs the number of configurations to draw", e);
        Assert.Equal(6, ExperimentFile.Parse(json, "test.json", trials: 6).Search.Trials);
        Assert.Equal(9, ExperimentFile.Parse(json.Replace("\"random\",", "\"random\", \"trials\": 2,"), "test.json", trials: 9).Search.Trials);
        var grid = Assert.Throws<ExperimentValidationException>(() => ExperimentFile.Parse(Specs.Xor("""{ "space": { "l2": [0] } }"""), "test.json", trials: 3));
        Assert.Contains("--trials: 3 is not allowed here; search.strategy is 'grid', which runs every combination", Assert.Single(grid.Errors));
        Assert.Contains("--trials: 0 is not allowed; an integer in [1, 100000]",
            Assert.Single(Assert.Throws<ExperimentValidationException>(() => ExperimentFile.Parse(json, "test.json", trials: 0)).Errors));
    }
}
