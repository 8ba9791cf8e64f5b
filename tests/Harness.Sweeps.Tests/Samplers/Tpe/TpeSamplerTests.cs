using System.Text.Json;
using Harness.Store;

namespace Harness.Sweeps.Tests.Samplers.Tpe;

public sealed class TpeSamplerTests
{
    private static readonly SearchSpace Space = new()
    {
        Depth = new IntDistribution(1, 3),
        Widths = new IntDistribution(4, 64, Step: 4),
        Knobs =
        [
            new("activation", new ChoiceDistribution(["\"relu\"", "\"tanh\""])),
            new("learning_rate", new LogUniformDistribution(1e-4, 1e-1)),
        ],
    };

    /// <summary>Scores a configuration: best near depth 2, widths 32, tanh, learning rate 0.01.</summary>
    private static double Score(SampledConfig c)
    {
        var p = c.Params.ToDictionary(x => x.Key, x => x.Value);
        var hidden = JsonSerializer.Deserialize<int[]>(p["hidden"])!;
        double lr = double.Parse(p["learning_rate"], System.Globalization.CultureInfo.InvariantCulture);
        return -Math.Abs(hidden.Length - 2) - hidden.Sum(w => Math.Abs(w - 32)) / 32.0 - (p["activation"] == "\"tanh\"" ? 0 : 1)
            - Math.Abs(Math.Log10(lr) + 2);
    }

    private static List<TrialSnapshot> Finish(IReadOnlyList<SampledConfig> plan, int from = 0) =>
        [.. plan.Skip(from).Select((c, i) => TpeDriver.Finished(from + i, c, Score(c)))];

    [Fact]
    public void Plans_the_random_startup_trials_at_once_then_a_batch_at_a_time()
    {
        var sampler = new TpeSampler(Space, trials: 30, seed: 1, baseDepth: 1, batch: 3);
        var first = sampler.Plan([]);
        Assert.Equal(10, first.Count);
        var done = Finish(first);
        var second = sampler.Plan(done);
        Assert.Equal(13, second.Count);
        Assert.Equal(first.Select(c => c.Key), second.Take(10).Select(c => c.Key)); // what was planned stays, in order
        // three still waiting: nothing new until they start
        Assert.Equal(13, sampler.Plan([.. done, .. second.Skip(10).Select((c, i) => TpeDriver.Finished(10 + i, c, null, TrialState.Pending))]).Count);
    }

    [Fact]
    public void Stops_at_the_trial_count()
    {
        var sampler = new TpeSampler(Space, trials: 12, seed: 1, baseDepth: 1, batch: 5);
        var done = Finish(sampler.Plan([]));
        var plan = sampler.Plan(done);
        Assert.Equal(12, plan.Count);
        Assert.Equal(12, sampler.Plan(Finish(plan)).Count);
    }

    [Fact]
    public void The_constant_liar_makes_a_batch_of_different_suggestions()
    {
        var sampler = new TpeSampler(Space, trials: 40, seed: 2, baseDepth: 1, batch: 8);
        var plan = sampler.Plan(Finish(sampler.Plan([])));
        var batch = plan.Skip(10).Select(c => c.Key[(c.Key.IndexOf('|') + 1)..]).ToList();
        Assert.Equal(8, batch.Count);
        Assert.Equal(8, batch.Distinct().Count());
    }

    [Fact]
    public void Same_history_same_proposal_and_a_fresh_sampler_continues_a_stored_history()
    {
        var a = new TpeSampler(Space, trials: 40, seed: 3, baseDepth: 1, batch: 2);
        var history = Finish(a.Plan([]));
        for (int round = 0; round < 5; round++) history.AddRange(Finish(a.Plan(history), history.Count));
        var next = a.Plan(history);
        var resumed = new TpeSampler(Space, trials: 40, seed: 3, baseDepth: 1, batch: 2).Plan(history);
        Assert.Equal(next.Select(c => c.Key), resumed.Select(c => c.Key));
        Assert.Equal(next.Select(c => c.Assignments), resumed.Select(c => c.Assignments), new AssignmentsComparer());
        Assert.Equal(history.Select(t => t.Key[..^3]), resumed.Take(history.Count).Select(c => c.Key)); // stored keys kept
    }

    [Fact]
    public void Per_layer_widths_follow_the_depth_and_stay_on_the_grid()
    {
        foreach (var multivariate in new[] { false, true })
        {
            var sampler = new TpeSampler(Space, trials: 60, seed: 4, baseDepth: 1, new TpeOptions { Multivariate = multivariate }, batch: 4);
            var history = Finish(sampler.Plan([]));
            while (true)
            {
                var plan = sampler.Plan(history);
                if (plan.Count == history.Count) break;
                history.AddRange(Finish(plan, history.Count));
            }
            Assert.Equal(60, history.Count);
            foreach (var t in history)
            {
                var hidden = JsonSerializer.Deserialize<int[]>(t.Params["hidden"])!;
                Assert.Equal(int.Parse(t.Params["depth"], System.Globalization.CultureInfo.InvariantCulture), hidden.Length);
                Assert.All(hidden, w => { Assert.InRange(w, 4, 64); Assert.Equal(0, w % 4); });
            }
            // TPE learns the good region: the last 20 score better on average than the random startup trials
            double startup = history.Take(10).Average(t => t.ValidationAccuracy!.Value);
            double late = history.Skip(40).Average(t => t.ValidationAccuracy!.Value);
            Assert.True(late > startup, $"multivariate {multivariate}: late mean {late} <= startup mean {startup}");
        }
    }

    [Fact]
    public void Pruned_and_failed_trials_are_handled()
    {
        var sampler = new TpeSampler(Space, trials: 20, seed: 5, baseDepth: 1);
        var startup = sampler.Plan([]);
        var history = startup.Select((c, i) => i switch
        {
            < 4 => TpeDriver.Finished(i, c, 0.5, TrialState.Pruned, epochs: i + 1),
            < 6 => TpeDriver.Finished(i, c, null, TrialState.Failed),
            < 7 => TpeDriver.Finished(i, c, null, TrialState.Diverged),
            _ => TpeDriver.Finished(i, c, Score(c)),
        }).ToList();
        var (below, above) = TpeSplit.Split(TpeObservation.Read(history, new TpeSpace(Space, 1)), constantLiar: true);
        Assert.Single(below); // gamma(8 finished: 4 pruned, 1 diverged, 3 complete) = 1, the best complete one
        Assert.Equal(7, above.Count); // failed ones are left out
        Assert.Equal(11, sampler.Plan(history).Count); // only 8 finished count towards the 10 startup trials: one more random
    }

    private sealed class AssignmentsComparer : IEqualityComparer<IReadOnlyList<KeyValuePair<string, string>>>
    {
        public bool Equals(IReadOnlyList<KeyValuePair<string, string>>? x, IReadOnlyList<KeyValuePair<string, string>>? y) =>
            x!.SequenceEqual(y!);
        public int GetHashCode(IReadOnlyList<KeyValuePair<string, string>> obj) => obj.Count;
    }
}
