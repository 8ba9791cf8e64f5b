namespace Harness.Sweeps.Tests;

/// <summary>Per-layer knobs (<c>layers[0].conv.filters</c>) are checked when the file is read, each error naming the path and what is allowed.</summary>
public sealed class LayerKnobSpecTests
{
    /// <summary>conv 5 same - max pool 2 - conv 5 - max pool 2 - flatten - dense 64 on MNIST.</summary>
    internal const string LeNet = """[{"conv": {"filters": 6, "size": 5, "padding": "same"}}, {"max_pool": 2}, {"conv": {"filters": 16, "size": 5}}, {"max_pool": 2}, "flatten", {"dense": 64}]""";

    internal static string Mnist(string space, string strategy = "\"grid\"", string layers = LeNet, string extra = "") => $$"""
        {
          "name": "knobs",
          "dataset": { "name": "mnist", "train_limit": 100 },
          "base": { "layers": {{layers}}, "epochs": 1 },
          "search": { "strategy": {{strategy}}{{extra}}, "space": {{space}} }
        }
        """;

    private static string Error(string space, string layers = LeNet) => Assert.Single(Specs.Errors(Mnist(space, layers: layers)));

    [Fact]
    public void An_index_past_the_base_layers_is_refused_with_the_allowed_range()
    {
        var e = Error("""{ "layers[6].dense": [8] }""");
        Assert.StartsWith("test.json: search.space.layers[6].dense: base.layers has 6 layers, so there is no layers[6]; allowed: an index in [0, 5]", e);
        Assert.Contains("base.layers offers: layers[0].conv.filters", e);
    }

    [Fact]
    public void A_conv_setting_on_a_pooling_layer_is_refused_naming_what_the_layer_is()
    {
        var e = Error("""{ "layers[1].conv.filters": [8] }""");
        Assert.StartsWith("test.json: search.space.layers[1].conv.filters: base.layers[1] is a max_pool layer (p2), not conv; allowed for it: layers[1].max_pool, layers[1].max_pool.size, layers[1].max_pool.stride", e);
    }

    [Fact]
    public void A_flatten_layer_has_nothing_to_search()
    {
        Assert.StartsWith("test.json: search.space.layers[4].flatten: base.layers[4] is a flatten layer, which has no settings to search", Error("""{ "layers[4].flatten": [1] }"""));
    }

    [Theory]
    [InlineData("layers[0].conv.filter", "'filter' is not a setting of a conv layer (did you mean 'layers[0].conv.filters'?); allowed: layers[0].conv.filters, layers[0].conv.size, layers[0].conv.stride, layers[0].conv.padding")]
    [InlineData("layers[0].conv", "a conv layer has several settings; name one; allowed: layers[0].conv.filters")]
    [InlineData("layers[5].dense.units", "'units' is not a setting of a dense layer (did you mean 'layers[5].dense'?); allowed: layers[5].dense (its number of units)")]
    [InlineData("layers[1].max_pool.padding", "'padding' is not a setting of a max_pool layer")]
    [InlineData("layers[0]", "not a layer knob")]
    [InlineData("layers[x].conv.size", "not a layer knob")]
    public void Unknown_settings_and_malformed_names_are_refused_with_what_is_allowed(string name, string expected)
    {
        var e = Error($$"""{ "{{name}}": [3] }""");
        Assert.StartsWith($"test.json: search.space.{name}: ", e);
        Assert.Contains(expected, e);
    }

    [Fact]
    public void A_misspelt_layer_knob_outside_the_layers_prefix_gets_the_nearest_layer_knob()
    {
        var e = Error("""{ "layer[0].conv.size": [3] }""");
        Assert.StartsWith("test.json: search.space.layer[0].conv.size: unknown dimension (did you mean 'layers[0].conv.size'?); allowed: depth, width, widths, a layer knob (layers[INDEX].KIND.FIELD", e);
    }

    [Fact]
    public void Layer_knobs_need_base_layers()
    {
        var errors = Specs.Errors(Specs.Xor("""{ "space": { "layers[0].dense": [4, 8] } }"""));
        Assert.StartsWith("test.json: search.space.layers[0].dense: base.layers is not set, so there is no layer 0 to change", Assert.Single(errors));
    }

    [Fact]
    public void Layer_knobs_cannot_be_combined_with_whole_layer_lists()
    {
        var e = Error($$"""{ "layers": [{{LeNet}}], "layers[0].conv.filters": [8, 16] }""");
        Assert.StartsWith("test.json: search.space.layers[0].conv.filters: cannot be combined with search.space.layers (whole layer lists)", e);
    }

    [Theory]
    [InlineData("""{ "layers[0].conv.filters": [8, 0] }""", "search.space.layers[0].conv.filters[1]: 0 is not allowed (layers[0].conv.filters: 0 must be >= 1)")]
    [InlineData("""{ "layers[0].conv.filters": [8, 2.5] }""", "search.space.layers[0].conv.filters[1]: 2.5 is not allowed; layers[0].conv.filters takes an integer >= 1 (the number of kernels)")]
    [InlineData("""{ "layers[0].conv.padding": ["same", "full"] }""", "search.space.layers[0].conv.padding[1]: \"full\" is not allowed; layers[0].conv.padding takes \"valid\" or \"same\"")]
    [InlineData("""{ "layers[0].conv.padding": {"int": [1, 2]} }""", "search.space.layers[0].conv.padding: layers[0].conv.padding takes \"valid\" or \"same\", so it needs a list of them")]
    [InlineData("""{ "layers[5].dense": {"int": [0, 64], "step": 16} }""", "search.space.layers[5].dense.int[0]: 0 is not allowed (layers[5].dense: 0 must be >= 1 (units))")]
    [InlineData("""{ "layers[1].max_pool.stride": ["2"] }""", "search.space.layers[1].max_pool.stride[0]: \"2\" is not allowed; layers[1].max_pool.stride takes an integer >= 1 (pixels the window moves)")]
    public void Bad_values_name_the_entry_and_what_is_allowed(string space, string expected) =>
        Assert.StartsWith("test.json: " + expected, Error(space));

    [Fact]
    public void A_continuous_distribution_is_refused_for_an_integer_setting()
    {
        var errors = Specs.Errors(Mnist("""{ "layers[0].conv.filters": {"uniform": [4, 8]} }""", "\"random\"", extra: ", \"trials\": 3"));
        Assert.StartsWith("test.json: search.space.layers[0].conv.filters: layers[0].conv.filters takes an integer >= 1 (the number of kernels), so it needs a list of integers or an int range, not {\"uniform\":[4,8]}", Assert.Single(errors));
    }

    [Fact]
    public void A_kernel_that_does_not_fit_the_images_names_the_value_and_the_layer()
    {
        // 28 -> conv same 28 -> pool 14 -> conv k valid: k = 15 does not fit.
        var e = Error("""{ "layers[2].conv.size": [3, 15] }""");
        Assert.StartsWith("test.json: search.space.layers[2].conv.size[1]: 15 is not allowed: with the other layers as in base it does not fit mnist images 1x28x28: layers[2].conv.size: a 15x15 kernel is larger than its 14x14 input (padding valid); allowed: size <= 14", e);
    }

    [Fact]
    public void A_combination_of_knobs_that_does_not_fit_names_the_combination()
    {
        // Each alone fits (pool 4 -> 7x7 -> conv 5 valid -> 3; or pool 2 -> 14 -> conv 9 -> 6), together 7x7 -> conv 9 does not.
        var e = Error("""{ "layers[1].max_pool": [2, 4], "layers[2].conv.size": [5, 9], "layers[0].conv.filters": [4, 8] }""");
        Assert.StartsWith("test.json: search.space: the combination layers[1].max_pool=4, layers[2].conv.size=9 (the largest kernels, strides and windows the space holds) does not fit mnist images 1x28x28: layers[2].conv.size: a 9x9 kernel is larger than its 7x7 input", e);
    }

    [Fact]
    public void A_base_that_does_not_fit_is_reported_once_as_the_base_s_problem()
    {
        var e = Error("""{ "layers[0].conv.filters": [4, 8, 16] }""", """[{"conv": {"filters": 6, "size": 29}}, {"dense": 8}]""");
        Assert.StartsWith("test.json: base.layers[0].conv.size: a 29x29 kernel is larger than its 28x28 input", e);
    }

    [Fact]
    public void A_pool_window_knob_excludes_knobs_on_its_size_and_stride()
    {
        var e = Error("""{ "layers[1].max_pool": [2, 3], "layers[1].max_pool.stride": [1, 2] }""");
        Assert.StartsWith("test.json: search.space.layers[1].max_pool.stride: cannot be combined with search.space.layers[1].max_pool, which sets the window size and stride together", e);
    }

    [Fact]
    public void Every_layer_kind_offers_its_knobs_and_a_valid_space_reads()
    {
        var spec = Specs.Parse(Mnist("""
            { "layers[0].conv.filters": [4, 8], "layers[0].conv.size": [3, 5], "layers[0].conv.stride": [1],
              "layers[0].conv.padding": ["same", "valid"], "layers[1].max_pool": [2, 3], "layers[3].max_pool.size": [1, 2],
              "layers[3].max_pool.stride": [1, 2], "layers[5].dense": {"int": [16, 64], "step": 16}, "dropout": [0, 0.5] }
            """));
        Assert.Equal(["dropout", "layers[0].conv.filters", "layers[0].conv.padding", "layers[0].conv.size", "layers[0].conv.stride",
            "layers[1].max_pool", "layers[3].max_pool.size", "layers[3].max_pool.stride", "layers[5].dense"], spec.Search.Space.Knobs.Select(k => k.Key));
        Assert.Equal(spec.Hash(), Specs.Parse(spec.ToJson()).Hash());
    }
}
