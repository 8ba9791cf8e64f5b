namespace Harness.Sweeps.Tests.Samplers.Tpe;

public sealed class TpeSpecTests
{
    private const string Space = """ "space": { "learning_rate": {"log_uniform": [1e-3, 1]}, "depth": [1, 2], "widths": [4, 8] } """;

    [Fact]
    public void Tpe_by_name_takes_optuna_defaults_except_the_constant_liar()
    {
        var spec = Specs.Parse(Specs.Xor($$"""{ "strategy": "tpe", "trials": 30, "seed": 4, {{Space}} }"""));
        Assert.Equal(SearchSpec.Tpe, spec.Search.Strategy);
        var sampler = Assert.IsType<TpeSampler>(spec.CreateSampler(slots: 6));
        Assert.Equal(new TpeOptions(), sampler.Options);
        Assert.Equal((10, 24, 1.0, false, true), (sampler.Options.StartupTrials, sampler.Options.Candidates, sampler.Options.PriorWeight, sampler.Options.Multivariate, sampler.Options.ConstantLiar));
        Assert.Equal(6, sampler.Batch);
        Assert.Equal(30, sampler.Trials);
        Assert.Equal(10, sampler.Plan([]).Count);
    }

    [Fact]
    public void The_object_form_sets_options_and_round_trips()
    {
        var spec = Specs.Parse(Specs.Xor($$$"""
            { "strategy": {"tpe": {"startup_trials": 5, "candidates": 48, "multivariate": true, "constant_liar": false, "prior_weight": 0.5}},
              "trials": 30, {{{Space}}} }
            """, repeats: 2));
        Assert.Equal(new TpeOptions { StartupTrials = 5, Candidates = 48, Multivariate = true, ConstantLiar = false, PriorWeight = 0.5 }, spec.Search.TpeSettings);
        Assert.Equal(3, ((TpeSampler)spec.CreateSampler(slots: 6)).Batch); // 6 slots over 2 repeats
        var again = Specs.Parse(spec.ToJson());
        Assert.Equal(spec.Search.TpeSettings, again.Search.TpeSettings);
        Assert.Equal(spec.CanonicalJson(), again.CanonicalJson());
        Assert.Equal(spec.Hash(), again.Hash());
        Assert.NotEqual(spec.Hash(), Specs.Parse(Specs.Xor($$"""{ "strategy": "tpe", "trials": 30, {{Space}} }""", repeats: 2)).Hash());
        // the trial count leaves the hash, as for random search
        Assert.Equal(spec.Hash(), Specs.Parse(spec.ToJson().Replace("\"trials\": 30", "\"trials\": 90")).Hash());
    }

    [Fact]
    public void Bad_settings_are_named_with_what_is_allowed()
    {
        var errors = Specs.Errors(Specs.Xor($$$"""
            { "strategy": {"tpe": {"startup": 5, "candidates": 0, "multivariate": "yes", "prior_weight": -1}}, "trials": 30, {{{Space}}} }
            """));
        Assert.Contains("test.json: search.strategy.tpe.startup: unknown field; allowed: startup_trials, candidates, prior_weight, multivariate, constant_liar, consider_endpoints, magic_clip", errors);
        Assert.Contains("test.json: search.strategy.tpe.candidates: 0 is not allowed; an integer >= 1", errors);
        Assert.Contains("test.json: search.strategy.tpe.multivariate: \"yes\" is not allowed; true or false", errors);
        Assert.Contains("test.json: search.strategy.tpe.prior_weight: -1 is not allowed; a number > 0", errors);
        Assert.Contains(Specs.Errors(Specs.Xor("""{ "strategy": {"bayes": {}}, "space": {"learning_rate": [0.1]} }""")),
            e => e.StartsWith("test.json: search.strategy: {\"bayes\":{}} is not allowed; allowed: grid, random, tpe or {\"tpe\":", StringComparison.Ordinal));
        Assert.Contains(Specs.Errors(Specs.Xor($$"""{ "strategy": "tpe", {{Space}} }""")),
            e => e.StartsWith("test.json: search.trials: missing; strategy 'tpe' needs the number of configurations to draw", StringComparison.Ordinal));
    }
}
