using Harness.Engine;

namespace Harness.Sweeps.Tests;

/// <summary>Experiment files that describe convolutional networks as layer lists, search them, and augment.</summary>
public sealed class CnnSpecTests
{
    private static string Mnist(string layers, string space, string extraBase = "") => $$"""
        {
          "name": "cnn",
          "dataset": { "name": "mnist", "train_limit": 100 },
          "base": { "layers": {{layers}}, "epochs": 1{{extraBase}} },
          "search": { "strategy": "grid", "space": {{space}} }
        }
        """;

    [Fact]
    public void A_layer_list_parses_into_layer_specs_and_round_trips_with_the_same_hash()
    {
        var spec = Specs.Parse(Mnist("""[{"conv": {"filters": 32, "size": 5}}, {"max_pool": 2}, {"avg_pool": {"size": 3, "stride": 2}}, "flatten", {"dense": 1024}]""", """{ "dropout": [0, 0.5] }"""));
        Assert.Equal<LayerSpec>([new ConvLayer(32, 5), new PoolLayer(PoolKind.Max, 2, 2), new PoolLayer(PoolKind.Avg, 3, 2), new FlattenLayer(), new DenseLayer(1024)], spec.Base.Layers!);
        Assert.Equal("c32k5-p2-a3s2-f-d1024", LayerSpec.LabelOf(spec.Base.Layers!));
        Assert.Equal(spec.Hash(), Specs.Parse(spec.ToJson()).Hash());
        // Spelling out the defaults (stride 1, padding valid) is the same experiment.
        var explicitDefaults = Specs.Parse(Mnist("""[{"conv": {"filters": 32, "size": 5, "stride": 1, "padding": "valid"}}, {"max_pool": {"size": 2, "stride": 2}}, {"avg_pool": {"size": 3, "stride": 2}}, {"flatten": {}}, {"dense": 1024}]""", """{ "dropout": [0, 0.5] }"""));
        Assert.Equal(spec.Hash(), explicitDefaults.Hash());
    }

    [Fact]
    public void A_kernel_larger_than_its_input_is_refused_naming_the_layer_and_the_limit()
    {
        // 28 -> conv 5 valid -> 24 -> pool 2 -> 12 -> pool 2 -> 6: a 7x7 kernel does not fit.
        var e = Assert.Single(Specs.Errors(Mnist("""[{"conv": {"filters": 4, "size": 5}}, {"max_pool": 2}, {"max_pool": 2}, {"conv": {"filters": 4, "size": 7}}]""", """{ "dropout": [0] }""")));
        Assert.StartsWith("test.json: base.layers[3].conv.size: a 7x7 kernel is larger than its 6x6 input (padding valid); allowed: size <= 6, or padding \"same\"", e);
        Assert.Contains("1x28x28", e);
    }

    [Fact]
    public void A_pooling_that_leaves_nothing_is_refused()
    {
        var e = Assert.Single(Specs.Errors(Mnist("""[{"max_pool": 4}, {"max_pool": 4}, {"avg_pool": 2}]""", """{ "dropout": [0] }""")));
        Assert.StartsWith("test.json: base.layers[2].avg_pool: a 2x2 window leaves nothing of its 1x1 input; allowed: size <= 1", e);
    }

    [Theory]
    [InlineData("""[{"convolution": {"filters": 4, "size": 3}}]""", "unknown layer kind 'convolution'; allowed: conv, max_pool, avg_pool, flatten, dense")]
    [InlineData("""[{"conv": {"filters": 4}}]""", "conv.size: missing")]
    [InlineData("""[{"conv": {"filters": 4, "size": 3, "padding": "full"}}]""", "conv.padding: \"full\" is not allowed; allowed: \"valid\", \"same\"")]
    [InlineData("""[{"conv": {"filters": 4, "size": 3, "dilation": 2}}]""", "conv.dilation: unknown field; allowed: filters, size, stride, padding")]
    [InlineData("""[{"max_pool": "2"}]""", "max_pool: \"2\" is not allowed")]
    public void Malformed_layers_are_refused_naming_the_layer_and_what_is_allowed(string layers, string expected)
    {
        var e = Assert.Single(Specs.Errors(Mnist(layers, """{ "dropout": [0] }""")));
        Assert.StartsWith("test.json: base.layers[0]: ", e);
        Assert.Contains(expected, e);
    }

    [Fact]
    public void Zero_filters_and_stride_are_refused_by_the_validator_with_the_field_path()
    {
        var errors = Specs.Errors(Mnist("""[{"conv": {"filters": 0, "size": 3, "stride": 0}}]""", """{ "dropout": [0] }"""));
        Assert.Contains(errors, e => e.StartsWith("test.json: base.layers[0].conv.filters: 0 must be >= 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.json: base.layers[0].conv.stride: 0 must be >= 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_grid_over_layer_lists_and_augmentation_knobs_plans_every_combination()
    {
        var spec = Specs.Parse(Mnist("""[{"dense": 8}]""", """
            {
              "layers": [[{"conv": {"filters": 8, "size": 5}}, {"max_pool": 2}, {"dense": 64}],
                         [{"conv": {"filters": 16, "size": 3}}, {"max_pool": 2}, {"dense": 128}]],
              "augmentation.shift": [0, 2],
              "dropout": [0, 0.5]
            }
            """));
        var configs = spec.CreateSampler().Plan([]).Select(c => ConfigResolver.Apply(spec.Base, c.Assignments)).ToList();
        Assert.Equal(8, configs.Count);
        Assert.Equal(["c16k3-p2-d128", "c8k5-p2-d64"], configs.Select(c => LayerSpec.LabelOf(c.Layers!)).Distinct().Order());
        Assert.Equal([0.0, 2.0], configs.Select(c => c.Augmentation!.Shift).Distinct().Order());
        Assert.All(configs, c => Assert.Equal(4, c.Augmentation!.ElasticSigma)); // the other augmentation settings keep their defaults
    }

    [Fact]
    public void A_searched_layer_list_that_does_not_fit_names_the_configuration()
    {
        var errors = Specs.Errors(Mnist("""[{"dense": 8}]""", """{ "layers": [[{"conv": {"filters": 8, "size": 5}}], [{"conv": {"filters": 8, "size": 29}}]] }"""));
        var e = Assert.Single(errors);
        Assert.Contains("does not fit mnist images 1x28x28: layers[0].conv.size: a 29x29 kernel is larger than its 28x28 input", e);
    }

    [Fact]
    public void Bad_augmentation_values_name_the_field_and_range()
    {
        var errors = Specs.Errors(Mnist("""[{"dense": 8}]""", """{ "augmentation.rotation": [10, 200] }"""));
        Assert.Contains(errors, e => e.Contains("search.space.augmentation.rotation[1]: 200 is not allowed (augmentation.rotation: 200 must be in [0, 180] (degrees))", StringComparison.Ordinal));
    }

    [Fact]
    public void Mlp_specs_serialize_without_layers_or_augmentation_so_their_hashes_stay()
    {
        var spec = Specs.Parse(Specs.Xor("""{ "strategy": "grid", "space": { "learning_rate": [0.1] } }"""));
        var json = spec.ToJson();
        Assert.DoesNotContain("layers", json);
        Assert.DoesNotContain("augmentation", json);
    }
}
