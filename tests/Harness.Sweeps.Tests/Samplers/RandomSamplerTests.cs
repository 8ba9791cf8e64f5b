using System.Globalization;

namespace Harness.Sweeps.Tests;

public sealed class RandomSamplerTests
{
    private const string Space = """
        "space": {
          "depth": {"int": [1, 3]}, "widths": {"int": [4, 64], "step": 4},
          "learning_rate": {"log_uniform": [1e-4, 1e-1]}, "dropout": {"uniform": [0, 0.5]},
          "activation": ["relu", "tanh"], "optimizer": ["sgd", "adam"]
        }
        """;

    private static IReadOnlyList<SampledConfig> Plan(int seed, int trials = 200) =>
        Specs.Parse(Specs.Xor($$"""{ "strategy": "random", "trials": {{trials}}, "seed": {{seed}}, {{Space}} }""")).CreateSampler().Plan([]);

    [Fact]
    public void Same_seed_same_plan_other_seed_other_plan()
    {
        var a = Plan(7).Select(c => c.Key).ToList();
        Assert.Equal(a, Plan(7).Select(c => c.Key));
        var b = Plan(8).Select(c => c.Key).ToList();
        Assert.NotEqual(a, b);
        Assert.Equal(200, a.Count);
        Assert.Equal(200, a.Distinct().Count());
    }

    [Fact]
    public void Values_stay_inside_their_distributions()
    {
        var spec = Specs.Parse(Specs.Xor($$"""{ "strategy": "random", "trials": 300, "seed": 1, {{Space}} }"""));
        foreach (var c in spec.CreateSampler().Plan([]))
        {
            var config = ConfigResolver.Apply(spec.Base, c.Assignments);
            Assert.InRange(config.Hidden.Length, 1, 3);
            Assert.All(config.Hidden, w => { Assert.InRange(w, 4, 64); Assert.Equal(0, w % 4); });
            Assert.InRange(config.LearningRate, 1e-4, 1e-1);
            Assert.InRange(config.Dropout, 0, 0.5);
            Assert.Contains(config.Activation, new[] { Harness.Engine.Activation.Relu, Harness.Engine.Activation.Tanh });
            Assert.Equal(config.Hidden.Length.ToString(CultureInfo.InvariantCulture), c.Params.Single(p => p.Key == "depth").Value);
        }
    }

    [Fact]
    public void Log_uniform_spreads_over_every_decade()
    {
        var lrs = Plan(3, 400).Select(c => double.Parse(c.Params.Single(p => p.Key == "learning_rate").Value, CultureInfo.InvariantCulture)).ToList();
        // Three decades, ~1/3 each; a plain uniform would put ~90% in the top decade.
        int low = lrs.Count(v => v < 1e-3), mid = lrs.Count(v => v is >= 1e-3 and < 1e-2), high = lrs.Count(v => v >= 1e-2);
        Assert.InRange(low, 90, 180);
        Assert.InRange(mid, 90, 180);
        Assert.InRange(high, 90, 180);
    }

    [Fact]
    public void Every_depth_and_choice_is_drawn()
    {
        var plan = Plan(5);
        Assert.Equal(["1", "2", "3"], plan.Select(c => c.Params.Single(p => p.Key == "depth").Value).Distinct().Order());
        Assert.Equal(["\"adam\"", "\"sgd\""], plan.Select(c => c.Params.Single(p => p.Key == "optimizer").Value).Distinct().Order());
    }
}
