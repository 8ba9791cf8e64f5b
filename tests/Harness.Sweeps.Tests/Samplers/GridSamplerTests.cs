using Harness.Engine;

namespace Harness.Sweeps.Tests;

public sealed class GridSamplerTests
{
    [Fact]
    public void Grid_is_the_exact_cartesian_product_of_knobs()
    {
        var spec = Specs.Parse(Specs.Xor("""{ "strategy": "grid", "space": { "activation": ["relu", "tanh", "sigmoid"], "learning_rate": [0.1, 0.01], "batch_size": {"int": [1, 5], "step": 2} } }"""));
        var plan = spec.CreateSampler().Plan([]);
        Assert.Equal(3 * 2 * 3, plan.Count);
        var seen = plan.Select(c => (Get(c, "activation"), Get(c, "learning_rate"), Get(c, "batch_size"))).ToHashSet();
        Assert.Equal(18, seen.Count);
        foreach (var a in new[] { "\"relu\"", "\"tanh\"", "\"sigmoid\"" })
            foreach (var lr in new[] { "0.1", "0.01" })
                foreach (var b in new[] { "1", "3", "5" })
                    Assert.Contains((a, lr, b), seen);
        Assert.Equal(plan.Count, plan.Select(c => c.Key).Distinct().Count());
        // Every configuration resolves to a config holding its values.
        var c0 = ConfigResolver.Apply(spec.Base, plan[^1].Assignments);
        Assert.Equal(Activation.Sigmoid, c0.Activation); // knobs in name order, last varying fastest: last = (sigmoid, 5, 0.01)
        Assert.Equal(0.01, c0.LearningRate);
        Assert.Equal(5, c0.BatchSize);
    }

    [Fact]
    public void Conditional_widths_follow_the_depth()
    {
        var spec = Specs.Parse(Specs.Xor("""{ "space": { "depth": [1, 2, 3], "widths": [8, 16] } }"""));
        var plan = spec.CreateSampler().Plan([]);
        Assert.Equal(2 + 4 + 8, plan.Count);
        var hidden = plan.Select(c => ConfigResolver.Apply(spec.Base, c.Assignments).Hidden).Select(h => string.Join(",", h)).ToList();
        Assert.Equal(["8", "16", "8,8", "8,16", "16,8", "16,16", "8,8,8", "8,8,16", "8,16,8", "8,16,16", "16,8,8", "16,8,16", "16,16,8", "16,16,16"], hidden);
        Assert.All(plan, c => Assert.Equal(Get(c, "depth"), ConfigResolver.Apply(spec.Base, c.Assignments).Hidden.Length.ToString()));
    }

    [Fact]
    public void One_width_for_all_layers_times_other_knobs()
    {
        var spec = Specs.Parse(Specs.Xor("""{ "space": { "depth": {"int": [1, 2]}, "width": [4, 8, 16], "dropout": [0, 0.2] } }"""));
        var plan = spec.CreateSampler().Plan([]);
        Assert.Equal(2 * 3 * 2, plan.Count);
        var configs = plan.Select(c => ConfigResolver.Apply(spec.Base, c.Assignments)).ToList();
        Assert.Contains(configs, c => c.Hidden.SequenceEqual([16, 16]) && c.Dropout == 0.2);
        Assert.All(configs, c => Assert.True(c.Hidden.Distinct().Count() == 1));
    }

    [Fact]
    public void Width_without_depth_uses_the_base_depth()
    {
        var spec = Specs.Parse(Specs.Xor("""{ "space": { "width": [3, 5] } }""", extraBase: ""));
        var plan = spec.CreateSampler().Plan([]);
        Assert.Equal([[3], [5]], plan.Select(c => ConfigResolver.Apply(spec.Base, c.Assignments).Hidden));
    }

    [Fact]
    public void Grid_plans_the_same_keys_every_time()
    {
        var json = Specs.Xor("""{ "space": { "depth": [1, 2], "widths": [2, 3], "l2": [0, 0.001] } }""");
        var a = Specs.Parse(json).CreateSampler().Plan([]).Select(c => c.Key);
        var b = Specs.Parse(json).CreateSampler().Plan([]).Select(c => c.Key);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Grid_rejects_continuous_distributions_with_a_message()
    {
        var errors = Specs.Errors(Specs.Xor("""{ "strategy": "grid", "space": { "learning_rate": {"log_uniform": [1e-4, 1e-1]} } }"""));
        var e = Assert.Single(errors);
        Assert.Contains("test.json: search.space.learning_rate", e);
        Assert.Contains("continuous", e);
        Assert.Contains("random", e);
    }

    private static string Get(SampledConfig c, string name) => c.Params.Single(p => p.Key == name).Value;
}
