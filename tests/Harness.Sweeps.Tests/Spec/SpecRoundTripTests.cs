namespace Harness.Sweeps.Tests;

public sealed class SpecRoundTripTests
{
    private const string Json = """
        { "name": "rt", "description": "d", "engine": "cpu",
          "dataset": { "name": "moons", "samples": 200, "seed": 3 },
          "base": { "hidden": [8], "epochs": 4, "early_stopping": { "patience": 2 } },
          "repeats": 2,
          "search": { "strategy": "random", "trials": 7, "seed": 11, "space": {
            "depth": {"int": [1, 4], "log": true}, "widths": {"int": [8, 32], "step": 8},
            "learning_rate": {"log_uniform": [0.0001, 0.1]}, "dropout": {"uniform": [0, 0.5]},
            "activation": ["relu", "tanh"], "hidden_unused_check": null } } }
        """;

    [Fact]
    public void Space_round_trips_through_json()
    {
        var spec = Specs.Parse(Json.Replace(", \"hidden_unused_check\": null", ""));
        var again = Specs.Parse(spec.ToJson());
        Assert.Equal(spec.CanonicalJson(), again.CanonicalJson());
        Assert.Equal(spec.Hash(), again.Hash());
        Assert.Equal(spec.CreateSampler().Plan([]).Select(c => c.Key), again.CreateSampler().Plan([]).Select(c => c.Key));
        Assert.Equal(new IntDistribution(1, 4, 1, true), again.Search.Space.Depth);
        Assert.Equal(new LogUniformDistribution(0.0001, 0.1), again.Search.Space.Knobs.Single(k => k.Key == "learning_rate").Value);
        Assert.Equal("d", again.Description);
        Assert.Equal("cpu", again.Engine);
    }

    [Fact]
    public void Hash_ignores_name_and_engine_but_not_the_space()
    {
        var spec = Specs.Parse(Json.Replace(", \"hidden_unused_check\": null", ""));
        Assert.Equal(spec.Hash(), Specs.Parse(Json.Replace(", \"hidden_unused_check\": null", "").Replace("\"cpu\"", "\"auto\"").Replace("\"rt\"", "\"rt2\"")).Hash());
        Assert.NotEqual(spec.Hash(), Specs.Parse(Json.Replace(", \"hidden_unused_check\": null", "").Replace("\"tanh\"", "\"sigmoid\"")).Hash());
        Assert.Matches("^[0-9a-f]{64}$", spec.Hash());
    }

    [Fact]
    public void Hash_ignores_threads_but_not_the_shuffle_seed()
    {
        var json = Json.Replace(", \"hidden_unused_check\": null", "");
        var spec = Specs.Parse(json);
        Assert.Equal(spec.Hash(), Specs.Parse(json.Replace("\"epochs\": 4", "\"epochs\": 4, \"threads\": 2")).Hash());
        Assert.Equal(spec.Hash(), Specs.Parse(json.Replace("\"epochs\": 4", "\"epochs\": 4, \"threads\": 0")).Hash());
        Assert.NotEqual(spec.Hash(), Specs.Parse(json.Replace("\"epochs\": 4", "\"epochs\": 4, \"shuffle_seed\": 5")).Hash());
        Assert.DoesNotContain("shuffle_seed", spec.CanonicalJson()); // unset: the canonical JSON (and so old hashes) stay as they were
    }
}
