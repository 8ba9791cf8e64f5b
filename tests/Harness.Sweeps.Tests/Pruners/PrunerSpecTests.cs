namespace Harness.Sweeps.Tests;

public sealed class PrunerSpecTests
{
    private static string With(string pruner) => Specs.Xor($$"""{ "pruner": {{pruner}}, "space": { "l2": [0, 0.01] } }""");

    [Fact]
    public void Asha_parses_with_defaults_and_settings_and_round_trips()
    {
        var d = Assert.IsType<SuccessiveHalvingPruner>(Specs.Parse(With("\"asha\"")).CreatePruner());
        Assert.Equal((1, 4, 0), (d.MinResource, d.ReductionFactor, d.MinEarlyStoppingRate));
        var spec = Specs.Parse(With("""{"asha": {"min_resource": 2, "reduction_factor": 3, "min_early_stopping_rate": 1}}"""));
        var a = Assert.IsType<SuccessiveHalvingPruner>(spec.CreatePruner());
        Assert.Equal((2, 3, 1), (a.MinResource, a.ReductionFactor, a.MinEarlyStoppingRate));
        Assert.Equal(spec.Hash(), Specs.Parse(spec.ToJson()).Hash());
        Assert.Equal(Specs.Parse(With("\"asha\"")).Hash(), Specs.Parse(With("""{"asha": {}}""")).Hash());
        Assert.NotEqual(spec.Hash(), Specs.Parse(With("\"asha\"")).Hash());
    }

    [Fact]
    public void Hyperband_parses_and_uses_the_experiment_name()
    {
        var spec = Specs.Parse(With("""{"hyperband": {"min_resource": 1, "max_resource": 27, "reduction_factor": 3}}"""));
        var h = Assert.IsType<HyperbandPruner>(spec.CreatePruner());
        Assert.Equal(("t", 1, 27, 3, 4), (h.Experiment, h.MinResource, h.MaxResource, h.ReductionFactor, h.Brackets));
        Assert.Equal(3, Assert.IsType<HyperbandPruner>(Specs.Parse(With("""{"hyperband": {"max_resource": 9}}""")).CreatePruner()).ReductionFactor);
        Assert.Equal(spec.Hash(), Specs.Parse(spec.ToJson()).Hash());
    }

    [Fact]
    public void Bad_pruner_settings_name_the_field_and_what_is_allowed()
    {
        Assert.Contains(Specs.Errors(With("""{"asha": {"reduction_factor": 1}}""")),
            e => e.Contains("search.pruner.asha.reduction_factor: 1 is not allowed; an integer >= 2"));
        Assert.Contains(Specs.Errors(With("""{"asha": {"min_resource": 0}}""")),
            e => e.Contains("search.pruner.asha.min_resource: 0 is not allowed; an integer >= 1"));
        Assert.Contains(Specs.Errors(With("""{"asha": {"min_early_stopping_rate": -1}}""")),
            e => e.Contains("search.pruner.asha.min_early_stopping_rate: -1 is not allowed; an integer >= 0"));
        Assert.Contains(Specs.Errors(With("""{"asha": {"max_resource": 9}}""")),
            e => e.Contains("search.pruner.asha.max_resource: unknown field; allowed: min_resource, reduction_factor, min_early_stopping_rate"));
        Assert.Contains(Specs.Errors(With("""{"hyperband": {"min_resource": 1}}""")),
            e => e.Contains("search.pruner.hyperband.max_resource: missing"));
        Assert.Contains(Specs.Errors(With("""{"hyperband": {"min_resource": 5, "max_resource": 3}}""")),
            e => e.Contains("search.pruner.hyperband.max_resource: 3 is not allowed; an integer >= min_resource (5)"));
        Assert.Contains(Specs.Errors(With("\"hyperband\"")), e => e.Contains("search.pruner: \"hyperband\" needs max_resource"));
        Assert.Contains(Specs.Errors(With("\"sha\"")), e => e.Contains("search.pruner: \"sha\" is not allowed; allowed: \"none\", \"median\", \"asha\""));
        Assert.Contains(Specs.Errors(With("""{"asha": {}, "median": {}}""")), e => e.Contains("search.pruner: {\"asha\":{},\"median\":{}} is not allowed"));
    }
}
