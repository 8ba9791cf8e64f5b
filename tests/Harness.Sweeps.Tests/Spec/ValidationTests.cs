namespace Harness.Sweeps.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void Bad_enum_value_names_file_path_value_and_allowed()
    {
        var e = Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "activation": ["relu", "tanh", "softplus"] } }""")));
        Assert.StartsWith("test.json: search.space.activation[2]:", e);
        Assert.Contains("\"softplus\"", e);
        Assert.Contains("sigmoid, tanh, relu, leaky_relu, identity", e);
    }

    [Fact]
    public void Perceptron_only_activation_is_refused_with_the_engines_reason()
    {
        var e = Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "activation": ["step"] } }""")));
        Assert.StartsWith("test.json: search.space.activation[0]:", e);
        Assert.Contains("perceptron only", e);
    }

    [Theory]
    [InlineData("..", "does not start with a letter or digit")]
    [InlineData(".", "does not start with a letter or digit")]
    [InlineData(".hidden", "does not start with a letter or digit")]
    [InlineData("run.", "ends with '.'")]
    [InlineData("nul", "Windows device name")]
    [InlineData("com1.old", "Windows device name")]
    public void Experiment_names_like_dot_dot_that_could_leave_results_are_refused_with_the_rule(string name, string problem)
    {
        var e = Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "l2": [0] } }""", name: name)));
        Assert.StartsWith($"test.json: name: \"{name}\" is not allowed (", e);
        Assert.Contains(problem, e);
        Assert.Contains(Harness.Store.ExperimentNames.Rule, e);
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("mnist-lr_2.v3")]
    [InlineData("0")]
    [InlineData("console")]
    public void Experiment_names_within_the_rule_are_accepted(string name) =>
        Assert.Equal(name, Specs.Parse(Specs.Xor("""{ "space": { "l2": [0] } }""", name: name)).Name);

    [Fact]
    public void Idx_dataset_is_accepted_with_a_folder_path_and_refused_without_one()
    {
        var json = Specs.Xor("""{ "space": { "l2": [0] } }""");
        var withPath = Specs.Parse(json.Replace("\"dataset\": { \"name\": \"xor\" }", "\"dataset\": { \"name\": \"idx\", \"path\": \"data/fashion\" }"));
        Assert.Equal(("idx", "data/fashion"), (withPath.Dataset.Name, withPath.Dataset.Path));
        var e = Assert.Single(Specs.Errors(json.Replace("\"dataset\": { \"name\": \"xor\" }", "\"dataset\": { \"name\": \"idx\" }")));
        Assert.StartsWith("test.json: dataset.path: required for name 'idx'", e);
    }

    [Fact]
    public void Negative_learning_rate_is_refused()
    {
        var e = Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "learning_rate": [0.1, -0.5] } }""")));
        Assert.StartsWith("test.json: search.space.learning_rate[1]: -0.5", e);
        Assert.Contains("must be > 0", e);
    }

    [Fact]
    public void Dropout_of_one_or_more_is_refused_in_ranges_and_base()
    {
        var e = Assert.Single(Specs.Errors(Specs.Xor("""{ "strategy": "random", "trials": 3, "space": { "dropout": {"uniform": [0, 1]} } }""")));
        Assert.StartsWith("test.json: search.space.dropout.uniform[1]: 1", e);
        Assert.Contains("[0, 1)", e);
        var b = Specs.Errors(Specs.Xor("""{ "space": { "l2": [0] } }""", extraBase: ", \"dropout\": 1.5"));
        Assert.Contains(b, m => m.StartsWith("test.json: base.dropout: 1.5", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_space_and_empty_list_are_refused()
    {
        Assert.Contains("search.space: {} is empty", Assert.Single(Specs.Errors(Specs.Xor("""{ "space": {} }"""))));
        Assert.Contains("search.space.l2: [] is empty", Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "l2": [] } }"""))));
    }

    [Fact]
    public void Unknown_knob_and_fields_are_named_with_the_alternatives()
    {
        var errors = Specs.Errors(Specs.Xor("""{ "space": { "lerning_rate": [0.1] }, "sampler": "x" }"""));
        Assert.Contains(errors, e => e.StartsWith("test.json: search.space.lerning_rate: unknown dimension", StringComparison.Ordinal) && e.Contains("learning_rate"));
        Assert.Contains(errors, e => e.StartsWith("test.json: search.sampler: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_distributions_are_explained()
    {
        var errors = Specs.Errors(Specs.Xor("""
            { "strategy": "random", "space": {
                "batch_size": {"int": [10, 1]}, "l2": {"log_uniform": [0, 1]}, "epochs": 5,
                "momentum": {"uniform": [0.1, 0.5], "step": 2}, "depth": [1, 2.5], "width": [8] } }
            """));
        Assert.Contains(errors, e => e.Contains("search.space.batch_size.int: [10,1] has low > high"));
        Assert.Contains(errors, e => e.Contains("search.space.l2.log_uniform[0]: 0 is not allowed; log_uniform needs low > 0"));
        Assert.Contains(errors, e => e.Contains("search.space.epochs: 5 is not a search dimension") && e.Contains("set it in base"));
        Assert.Contains(errors, e => e.Contains("search.space.momentum: step and log are for int ranges"));
        Assert.Contains(errors, e => e.Contains("search.space.depth[1]: 2.5 is not allowed; an integer"));
    }

    [Fact]
    public void Depth_needs_a_width_and_width_and_widths_exclude_each_other()
    {
        Assert.Contains("needs search.space.width or search.space.widths", Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "depth": [1, 2] } }"""))));
        Assert.Contains("cannot be combined", Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "width": [1], "widths": [2] } }"""))));
    }

    [Fact]
    public void Json_syntax_error_gives_line_and_column()
    {
        var json = "{\n  \"name\": \"x\",\n  \"dataset\": { \"name\": \"xor\" }\n  \"search\": {}\n}";
        var e = Assert.Single(Specs.Errors(json));
        Assert.StartsWith("test.json:4:3: JSON syntax error", e);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t")]
    public void An_empty_file_says_so_and_what_an_experiment_file_holds(string json)
    {
        var e = Assert.Single(Specs.Errors(json));
        Assert.StartsWith("test.json: the file is empty; an experiment file is {\"name\": ...", e);
    }

    [Fact]
    public void A_folder_given_for_the_experiment_file_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("harness-spec-").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => ExperimentFile.Load(folder));
            Assert.Equal($"experiment file '{folder}' is a folder; give a JSON file (e.g. experiments/quick.json)", e.Message);
        }
        finally { Directory.Delete(folder); }
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var spec = Specs.Parse("""
            // quick check
            {
              "name": "c", /* block */
              "dataset": { "name": "xor", },
              "search": { "space": { "learning_rate": [0.1, 0.2,], }, },
            }
            """);
        Assert.Equal(2, spec.CreateSampler().Plan([]).Count);
    }

    [Fact]
    public void Dataset_and_base_errors_carry_their_paths()
    {
        var errors = Specs.Errors("""
            { "name": "x", "dataset": { "name": "imagenet", "train_limit": -3 }, "base": { "learning_rat": 1 },
              "repeats": 0, "engine": "tpu", "search": { "strategy": "bayes", "space": { "l2": [0] } } }
            """);
        Assert.Contains(errors, e => e.StartsWith("test.json: dataset.name: 'imagenet'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.json: dataset.train_limit: -3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.json: base.learning_rat:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.json: repeats: 0 is not allowed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.json: engine: \"tpu\" is not allowed; allowed: auto, cpu, cuda", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.json: search.strategy: \"bayes\" is not allowed; allowed: grid, random", StringComparison.Ordinal));
    }

    [Fact]
    public void Clashing_knobs_are_caught_on_the_resolved_configurations()
    {
        // early_stopping.patience alone is fine; -1 is not.
        var e = Assert.Single(Specs.Errors(Specs.Xor("""{ "space": { "early_stopping.patience": [2, -1] } }""")));
        Assert.StartsWith("test.json: search.space.early_stopping.patience[1]: -1", e);
    }
}
