using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

/// <summary>TPE through the runner: batches fill parallel workers and cohorts, and the search moves towards good values.</summary>
public sealed class TpeSweepTests
{
    // The fake executor's validation accuracy is the learning rate (+ epochs/1000), so higher is better.
    private static ExperimentSpec Tpe(int trials) => Specs.Parse(Specs.Xor(
        $$"""{ "strategy": "tpe", "trials": {{trials}}, "seed": 3, "space": { "learning_rate": {"uniform": [0.01, 0.29]}, "activation": ["relu", "tanh"] } }"""));

    [Fact]
    public void A_tpe_sweep_runs_every_trial_once_in_batches_and_moves_towards_better_values()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new FakeExecutor(preferredCohort: 2);
        var summary = new SweepRunner(store, executor, new SweepOptions { Parallel = 2 }).Run(Tpe(30), cancellationToken: TestContext.Current.CancellationToken);
        var trials = store.GetTrials("t").OrderBy(t => t.Number).ToList();
        Assert.Equal(30, trials.Count);
        Assert.Equal(30, executor.Ran.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(30, trials.Select(t => t.Key).Distinct().Count());
        Assert.Equal(30, trials.Select(t => t.Params["learning_rate"]).Distinct().Count()); // the liar keeps a batch apart
        Assert.Equal(30, summary.Planned);
        double startup = trials.Take(10).Average(t => t.ValidationAccuracy!.Value);
        double late = trials.Skip(20).Average(t => t.ValidationAccuracy!.Value);
        Assert.True(late > startup + 0.03, $"late mean {late} is not above the random startup mean {startup}");

        // Raising trials continues the same version and runs only the new ones.
        var more = new FakeExecutor();
        summary = new SweepRunner(store, more).Run(Tpe(34), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, summary.Experiment.Version);
        Assert.Equal(4, more.Ran.Count);
        Assert.Equal(34, store.GetTrials("t").Count);
    }
}
