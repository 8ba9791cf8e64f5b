using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

public sealed class CohortPlannerTests
{
    private static TrialRecord Trial(int number, string configJson) =>
        new() { Id = number + 1, Number = number, Experiment = "t", Key = $"k{number}", ConfigJson = configJson };

    [Fact]
    public void Trials_are_grouped_by_cohort_key_in_trial_order_and_split_at_the_size()
    {
        var trials = new[]
        {
            Trial(0, """{"hidden": [8], "learning_rate": 0.1}"""),
            Trial(1, """{"hidden": [16], "learning_rate": 0.1}"""),
            Trial(2, """{"hidden": [8], "learning_rate": 0.2, "optimizer": "adam", "dropout": 0.5, "seed": 4}"""),
            Trial(3, """{"hidden": [8], "learning_rate": 0.3, "batch_size": 32}"""),
            Trial(4, """{"hidden": [8], "learning_rate": 0.4}"""),
            Trial(5, """{"hidden": [8], "learning_rate": 0.5, "standardize": true}"""),
        };
        var groups = CohortPlanner.Group(trials.Reverse(), size: 2);
        Assert.Equal([[0, 2], [1], [3], [4], [5]], groups.Select(g => g.Select(t => t.Number).ToArray()));
        Assert.Equal([[0, 2, 4], [1], [3], [5]], CohortPlanner.Group(trials, 10).Select(g => g.Select(t => t.Number).ToArray()));
        Assert.All(CohortPlanner.Group(trials, 1), g => Assert.Single(g));
    }
}
