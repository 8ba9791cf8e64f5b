using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>The bench's goals as numbers: what a case's result meets or misses, and the words bench prints for them.</summary>
public sealed class CudaBenchGoalTests
{
    private static CudaBenchResult Result(CudaBenchGoal goal, double microseconds = 0.02, double total = 0.8, double accuracy = 0.95) =>
        new(new CudaBenchCase("case", "a case", CudaBenchmarks.Nielsen, 1, 30, goal, "a peer"), 0.1, 0.1, 0.02, total, microseconds, accuracy, "fused", 1);

    [Fact]
    public void A_result_within_every_number_meets_the_goal()
    {
        var goal = new CudaBenchGoal(MaxMicrosecondsPerModelStep: 0.03, MaxTotalSeconds: 1.0, MinTestAccuracy: 0.945);
        Assert.Equal("met", goal.Verdict(Result(goal)));
        Assert.Equal("met", goal.Verdict(Result(goal, microseconds: 0.03, total: 1.0, accuracy: 0.945))); // the bounds count as met
    }

    [Fact]
    public void Each_number_missed_is_named_with_the_measured_value()
    {
        var goal = new CudaBenchGoal(MaxMicrosecondsPerModelStep: 0.03, MaxTotalSeconds: 0.25, MinTestAccuracy: 0.98);
        Assert.Equal("missed: 0.041 us per model-step > 0.03", goal.Verdict(Result(goal, microseconds: 0.041, total: 0.2, accuracy: 0.99)));
        Assert.Equal("missed: 0.31 s > 0.25 s, 97.60% test < 98.0%", goal.Verdict(Result(goal, total: 0.31, accuracy: 0.976)));
        Assert.Equal("missed: NaN% test < 98.0%", goal.Verdict(Result(goal, total: 0.2, accuracy: double.NaN))); // a diverged member
    }

    [Fact]
    public void A_goal_in_words_alone_has_no_verdict()
    {
        var goal = new CudaBenchGoal(Words: "132 CNNs in about the time of one");
        Assert.False(goal.IsMeasurable);
        Assert.Equal("-", goal.Verdict(Result(goal, total: 1e6)));
        Assert.Equal("132 CNNs in about the time of one", goal.ToString());
    }

    [Fact]
    public void The_goals_read_as_the_issue_states_them()
    {
        var byName = CudaBenchmarks.Cases.ToDictionary(c => c.Name, c => c.Goal.ToString());
        Assert.Equal("<= 0.03 us per model-step", byName["nielsen-x4096"]);
        Assert.Equal("<= 1.0 s in all, >= 94.5% test", byName["nielsen-30ep"]);
        Assert.Equal("<= 0.25 s in all, >= 98.0% test", byName["wide"]);
        Assert.All(CudaBenchmarks.Cases, c => Assert.NotEqual("", c.Goal.ToString()));
    }
}
