using Harness.Data;
using Harness.Engine;
using Harness.Store;
using Harness.Sweeps.Tests.Running;
using Harness.Sweeps.Tests.Samplers.Tpe;

namespace Harness.Sweeps.Tests.Samplers;

/// <summary>Grid, random and TPE search over per-layer knobs: every configuration is base.layers with the searched settings changed.</summary>
public sealed class LayerKnobSamplingTests
{
    private const string Space = """
        { "layers[0].conv.filters": [4, 8], "layers[0].conv.size": [3, 5], "layers[1].max_pool": [2, 3],
          "layers[2].conv.filters": {"int": [8, 24], "step": 8}, "layers[5].dense": [32, 64], "dropout": [0, 0.5] }
        """;

    private static ExperimentSpec Spec(string strategy, string extra = "") =>
        Specs.Parse(LayerKnobSpecTests.Mnist(Space, strategy, extra: extra));

    private static List<TrainConfig> Configs(ExperimentSpec spec, IReadOnlyList<SampledConfig> plan) =>
        [.. plan.Select(c => ConfigResolver.Apply(spec.Base, c.Assignments))];

    private static void AssertFits(TrainConfig c)
    {
        Assert.Empty(ConfigValidator.Validate(c));
        Assert.Empty(LayerPlan.Check(c.Layers!, new ImageShape(1, 28, 28), 784, 10));
        Assert.Equal(6, c.Layers!.Length);
        Assert.IsType<FlattenLayer>(c.Layers[4]);
        Assert.Equal(new PoolLayer(PoolKind.Max, 2, 2), c.Layers[3]); // not searched: as in base
    }

    [Fact]
    public void A_grid_plans_every_combination_with_the_layers_changed_and_readable_parameter_names()
    {
        var spec = Spec("\"grid\"");
        var plan = spec.CreateSampler().Plan([]);
        Assert.Equal(2 * 2 * 2 * 3 * 2 * 2, plan.Count);
        var configs = Configs(spec, plan);
        Assert.All(configs, AssertFits);
        Assert.Equal(plan.Count, configs.Select(c => LayerSpec.LabelOf(c.Layers!) + c.Dropout).Distinct().Count());
        Assert.Equal(["c4k3same", "c4k5same", "c8k3same", "c8k5same"], configs.Select(c => c.Layers![0].Label).Distinct().Order());
        Assert.Equal(["p2", "p3"], configs.Select(c => c.Layers![1].Label).Distinct().Order());
        Assert.Equal(["c16k5", "c24k5", "c8k5"], configs.Select(c => c.Layers![2].Label).Distinct().Order());
        Assert.Equal(["d32", "d64"], configs.Select(c => c.Layers![5].Label).Distinct().Order());
        var first = plan[0];
        Assert.Equal("dropout=0;layers[0].conv.filters=4;layers[0].conv.size=3;layers[1].max_pool=2;layers[2].conv.filters=8;layers[5].dense=32", first.Key);
        Assert.Equal(first.Params.Select(p => p.Key), first.Assignments.Select(a => a.Key));
    }

    [Fact]
    public void Trial_rows_carry_the_knob_values_and_the_changed_layer_in_their_config()
    {
        var spec = Spec("\"grid\"");
        var trials = TrialPlanner.Plan(spec, 1, spec.CreateSampler().Plan([]));
        var t = trials.First(t => t.Params["layers[0].conv.filters"] == "8" && t.Params["layers[1].max_pool"] == "3");
        var config = TrialPlanner.Config(t);
        Assert.Equal(new ConvLayer(8, int.Parse(t.Params["layers[0].conv.size"]), 1, Padding.Same), config.Layers![0]);
        Assert.Equal(new PoolLayer(PoolKind.Max, 3, 3), config.Layers[1]);
        Assert.Equal(trials.Count, trials.Select(r => r.Key).Distinct().Count());
        Assert.Equal(trials.Count, trials.Select(r => r.ConfigJson).Distinct().Count());
    }

    [Fact]
    public void A_random_search_draws_valid_layer_lists_and_the_same_seed_gives_the_same_plan()
    {
        var spec = Spec("\"random\"", ", \"trials\": 40, \"seed\": 5");
        var plan = spec.CreateSampler().Plan([]);
        Assert.Equal(40, plan.Count);
        var configs = Configs(spec, plan);
        Assert.All(configs, AssertFits);
        Assert.Equal([4, 8], configs.Select(c => ((ConvLayer)c.Layers![0]).Filters).Distinct().Order());
        Assert.Equal([8, 16, 24], configs.Select(c => ((ConvLayer)c.Layers![2]).Filters).Distinct().Order());
        Assert.Equal(plan.Select(c => c.Key), Spec("\"random\"", ", \"trials\": 40, \"seed\": 5").CreateSampler().Plan([]).Select(c => c.Key));
    }

    [Fact]
    public void Tpe_proposes_valid_layer_lists_beyond_its_startup_and_moves_towards_more_filters()
    {
        var spec = Spec("{\"tpe\": {\"startup_trials\": 6}}", ", \"trials\": 30, \"seed\": 2");
        var sampler = spec.CreateSampler();
        var snapshots = new List<TrialSnapshot>();
        while (snapshots.Count < 30)
        {
            var plan = sampler.Plan(snapshots);
            foreach (var config in plan.Skip(snapshots.Count))
            {
                var c = ConfigResolver.Apply(spec.Base, config.Assignments);
                AssertFits(c);
                snapshots.Add(TpeDriver.Finished(snapshots.Count, config, ((ConvLayer)c.Layers![2]).Filters / 100.0));
            }
        }
        Assert.Equal(30, snapshots.Select(s => s.Key).Distinct().Count());
        double late = snapshots.Skip(20).Average(s => s.ValidationAccuracy!.Value);
        double startup = snapshots.Take(6).Average(s => s.ValidationAccuracy!.Value);
        Assert.True(late > startup, $"late mean {late} is not above the startup mean {startup}");
    }

    [Fact]
    public void A_tpe_sweep_through_the_runner_trains_the_changed_layers()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var executor = new FakeExecutor();
        new SweepRunner(store, executor).Run(Spec("\"tpe\"", ", \"trials\": 14, \"seed\": 4"), TestContext.Current.CancellationToken);
        var trials = store.GetTrials("knobs");
        Assert.Equal(14, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(executor.Ran, AssertFits);
        Assert.All(trials, t => Assert.Equal(t.Params["layers[5].dense"], ((DenseLayer)TrialPlanner.Config(t).Layers![5]).Units.ToString()));
    }

    [Fact]
    public void Each_knob_value_is_its_own_spec_hash_and_the_space_round_trips()
    {
        static string Hash(string values) => Specs.Parse(LayerKnobSpecTests.Mnist($$"""{ "layers[0].conv.filters": {{values}} }""")).Hash();
        var hashes = new[] { Hash("[4]"), Hash("[8]"), Hash("[4, 8]"), Hash("{\"int\": [4, 8], \"step\": 4}") };
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
        var other = Specs.Parse(LayerKnobSpecTests.Mnist("""{ "layers[2].conv.filters": [4] }""")).Hash();
        Assert.DoesNotContain(other, hashes);
        var spec = Spec("\"grid\"");
        Assert.Equal(spec.Hash(), Specs.Parse(spec.ToJson()).Hash());
        Assert.Contains("\"layers[0].conv.filters\"", spec.CanonicalJson());
    }
}
