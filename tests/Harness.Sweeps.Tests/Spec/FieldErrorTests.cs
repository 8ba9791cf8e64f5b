namespace Harness.Sweeps.Tests;

/// <summary>
/// Wrong types and unknown fields in an experiment's base and dataset: every problem at once, each with its JSON
/// path, the value and what is allowed, a nearest name for a typo, and never .NET's converter text.
/// </summary>
public sealed class FieldErrorTests
{
    private static IReadOnlyList<string> Errors(string dataset, string baseConfig) => Specs.Errors($$"""
        { "name": "t", "dataset": {{dataset}}, "base": {{baseConfig}}, "search": { "space": { "learning_rate": [0.1] } } }
        """);

    private static void NoConverterText(IEnumerable<string> errors)
    {
        foreach (var e in errors)
        {
            Assert.DoesNotContain("System.", e);
            Assert.DoesNotContain("could not be", e);
            Assert.DoesNotContain(".NET", e);
        }
    }

    [Fact]
    public void Wrong_types_in_base_and_dataset_are_all_listed_with_path_value_and_expected_type()
    {
        var errors = Errors("""{ "name": "xor", "train_limit": "100", "noise": "low" }""",
            """{ "hidden": [4, "8"], "epochs": 2.5, "standardize": "yes", "dropout": null, "learning_rate": "0.1" }""");

        Assert.Contains("test.json: dataset.train_limit: \"100\" is not allowed; expected an integer", errors);
        Assert.Contains("test.json: dataset.noise: \"low\" is not allowed; expected a number", errors);
        Assert.Contains("test.json: base.hidden[1]: \"8\" is not allowed; expected an integer", errors);
        Assert.Contains("test.json: base.epochs: 2.5 is not allowed; expected an integer", errors);
        Assert.Contains("test.json: base.standardize: \"yes\" is not allowed; expected true or false", errors);
        Assert.Contains("test.json: base.dropout: null is not allowed; expected a number", errors);
        Assert.Contains("test.json: base.learning_rate: \"0.1\" is not allowed; expected a number", errors);
        Assert.Equal(7, errors.Count);
        NoConverterText(errors);
    }

    [Fact]
    public void Unknown_fields_name_the_nearest_field_and_the_allowed_ones()
    {
        var errors = Errors("""{ "name": "xor", "sampels": 40 }""", """{ "learning_rat": 0.1, "early_stopping": { "patiance": 2 } }""");

        var dataset = Assert.Single(errors, e => e.Contains("dataset.sampels"));
        Assert.StartsWith("test.json: dataset.sampels: unknown field (did you mean 'samples'?); allowed: name, split,", dataset);
        var lr = Assert.Single(errors, e => e.Contains("base.learning_rat"));
        Assert.StartsWith("test.json: base.learning_rat: unknown field (did you mean 'learning_rate'?); allowed: hidden,", lr);
        Assert.Contains("test.json: base.early_stopping.patiance: unknown field (did you mean 'patience'?); allowed: monitor, patience, min_delta, restore_best", errors);
        NoConverterText(errors);
    }

    [Fact]
    public void Enum_fields_list_their_allowed_values_and_the_nearest_one()
    {
        var errors = Errors("""{ "name": "xor" }""",
            """{ "early_stopping": { "monitor": "val_acc" }, "optimizer": "adamm", "activation": "step", "loss": 3 }""");

        Assert.Contains("test.json: base.early_stopping.monitor: \"val_acc\" is not allowed (did you mean 'val_accuracy'?); allowed: val_accuracy, val_loss", errors);
        Assert.Contains(errors, e => e.StartsWith("test.json: base.optimizer: \"adamm\" is not allowed (did you mean 'adam'?); allowed: sgd, momentum,", StringComparison.Ordinal));
        Assert.Contains("test.json: base.activation: \"step\" is not allowed; allowed: sigmoid, tanh, relu, leaky_relu, identity", errors);
        Assert.Contains(errors, e => e.StartsWith("test.json: base.loss: 3 is not allowed; allowed: quadratic, absolute,", StringComparison.Ordinal));
        NoConverterText(errors);
    }

    [Fact]
    public void A_field_problem_in_base_still_lets_the_other_fields_and_the_search_values_be_checked()
    {
        var errors = Specs.Errors("""
            { "name": "t", "dataset": { "name": "xor" },
              "base": { "optimizer": "adamm", "learning_rate": -1, "hidden": [4] },
              "search": { "space": { "dropout": [0.1, 1.5], "batch_size": [10, "x"], "hidden": [[8], [0]] } } }
            """);

        Assert.Contains(errors, e => e.StartsWith("test.json: base.optimizer: \"adamm\" is not allowed (did you mean 'adam'?)", StringComparison.Ordinal));
        Assert.Contains("test.json: base.learning_rate: -1 must be > 0", errors);
        Assert.Contains("test.json: search.space.dropout[1]: 1.5 is not allowed (dropout: 1.5 must be in [0, 1))", errors);
        Assert.Contains("test.json: search.space.batch_size[1]: \"x\" is not allowed; batch_size takes an integer", errors);
        Assert.Contains("test.json: search.space.hidden[1]: [0] is not allowed (hidden[0]: 0 must be >= 1)", errors);
        Assert.Equal(5, errors.Count);
        NoConverterText(errors);
    }

    [Fact]
    public void A_top_level_typo_gets_the_nearest_field_too()
    {
        var errors = Specs.Errors("""{ "name": "t", "dataset": { "name": "xor" }, "serch": {}, "search": { "space": { "lerning_rate": [0.1] } } }""");
        Assert.Contains(errors, e => e.StartsWith("test.json: serch: unknown field (did you mean 'search'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.json: search.space.lerning_rate: unknown dimension (did you mean 'learning_rate'?)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_space_offers_only_the_activations_an_MLP_trains_with()
    {
        var error = Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "activation": ["relu", "step"] } }""")));
        Assert.StartsWith("test.json: search.space.activation[1]: \"step\"", error);
        Assert.Contains("sigmoid, tanh, relu, leaky_relu, identity", error);
        Assert.DoesNotContain("sign", error);
    }

    [Theory]
    [InlineData("learning_rat", "learning_rate")]
    [InlineData("val_acc", "val_accuracy")]
    [InlineData("BATCH-SIZE", "batch_size")]
    [InlineData("zzzzzz", null)]
    public void NearestName_suggests_a_close_or_abbreviated_name_and_nothing_far(string typed, string? expected)
    {
        Assert.Equal(expected, NearestName.Suggest(typed, ["learning_rate", "batch_size", "val_accuracy", "val_loss"]));
    }
}
