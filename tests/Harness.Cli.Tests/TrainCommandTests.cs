using System.Text.Json;
using Harness.Data;
using Harness.Engine;
using Monitor = Harness.Engine.Monitor;

namespace Harness.Cli.Tests;

[Collection(nameof(ConsoleCollection))]
public sealed class TrainCommandTests
{
    private static readonly string[] MoonsData = ["--dataset", "moons", "--samples", "300", "--epochs", "3", "--lr", "0.3", "--threads", "1"];
    private static readonly string[] Moons = [.. MoonsData, "--hidden", "8"];

    [Fact]
    public void Train_on_moons_prints_config_and_epochs_and_writes_a_model()
    {
        using var dir = new TempDir();
        var model = dir.File("moons.model");
        var (exit, output, err) = CliHarness.Run(["train", .. Moons, "--seed", "5", "--out", model]);

        Assert.Equal("", err);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("configuration", output);
        Assert.Contains("layers             [2,8,2]", output);
        Assert.Contains("learning_rate      0.3", output);
        Assert.Contains("seed               5", output);
        var epochLines = output.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+[123]\s+\d+\.\d{5}\s")).ToList();
        Assert.Equal(3, epochLines.Count);
        Assert.Matches(@"test accuracy \d+\.\d\d% \(loss \d+\.\d+\) on 60 examples", output);
        Assert.Contains($"model saved to {model}", output);

        var loaded = Model.Load(model);
        Assert.Equal([2, 8, 2], loaded.LayerSizes);
        Assert.Equal(0.3, loaded.Config.LearningRate);
        Assert.Equal(5, loaded.Config.Seed);
        Assert.True(File.Exists(model + ".dataset.json"));
    }

    [Fact]
    public void Train_resolves_the_engine_once_refuses_cuda_and_takes_a_shuffle_seed()
    {
        if (Harness.Engine.Cuda.CudaEngine.Unavailable() is null) Assert.Skip("this machine has a usable CUDA device");
        using var dir = new TempDir();
        var (exit, output, err) = CliHarness.Run(["train", .. Moons, "--engine", "cuda", "--out", dir.File("c.model")]);
        Assert.Equal(2, exit);
        Assert.Contains("engine 'cuda': no usable CUDA: ", output + err);
        Assert.False(File.Exists(dir.File("c.model")));

        (exit, output, _) = CliHarness.Run(["train", .. Moons, "--engine", "auto", "--out", dir.File("a.model")]);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("engine: auto -> cpu", output);
        (exit, _, _) = CliHarness.Run(["train", .. Moons, "--engine", "cpu", "--shuffle-seed", "9", "--out", dir.File("s.model")]);
        Assert.Equal(CliRunner.ExitOk, exit);
        var a = Model.Load(dir.File("a.model"));
        var shuffled = Model.Load(dir.File("s.model"));
        Assert.Equal(9, shuffled.Config.ShuffleSeed);
        Assert.Null(a.Config.ShuffleSeed);
        Assert.NotEqual(a.Parameters, shuffled.Parameters); // same init, another batch order
    }

    [Fact]
    public void Evaluate_reads_the_model_back_and_reports_the_same_test_accuracy()
    {
        using var dir = new TempDir();
        var model = dir.File("m.model");
        var (trainExit, trainOut, _) = CliHarness.Run(["train", .. Moons, "--out", model]);
        Assert.Equal(CliRunner.ExitOk, trainExit);
        var trainAcc = System.Text.RegularExpressions.Regex.Match(trainOut, @"test accuracy (\d+\.\d\d%)").Groups[1].Value;

        var (exit, output, err) = CliHarness.Run("evaluate", model);
        Assert.Equal("", err);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains($"test accuracy {trainAcc}", output); // same test split rebuilt from the saved dataset spec
        Assert.Contains("per-class accuracy", output);
        Assert.Contains("confusion matrix", output);
        // The confusion matrix rows add up to the 60 test examples.
        var rows = output.Split('\n').SkipWhile(l => !l.StartsWith("confusion")).Skip(2).Take(2)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(int.Parse).Sum());
        Assert.Equal(60, rows.Sum());
    }

    [Fact]
    public void Evaluate_of_a_missing_model_exits_2_naming_the_file()
    {
        var (exit, _, err) = CliHarness.Run("evaluate", "/nonexistent/x.model");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("/nonexistent/x.model", err);
    }

    [Theory]
    [InlineData("--activation", "swish", "--activation: 'swish' is not allowed; allowed: sigmoid, tanh, relu, leaky_relu, identity")]
    [InlineData("--optimizer", "lbfgs", "allowed: sgd, momentum, nesterov, adagrad, rms_prop, adam, adam_w")]
    [InlineData("--schedule", "warmup", "allowed: constant, step, exponential, cosine, linear")]
    [InlineData("--loss", "mse", "allowed: quadratic, absolute, softmax_cross_entropy, sigmoid_cross_entropy, hinge")]
    [InlineData("--lr", "-0.5", "learning_rate (--lr): -0.5 must be > 0")]
    [InlineData("--hidden", "30,0", "--hidden: '0' is not allowed")]
    [InlineData("--dropout", "1", "dropout (--dropout): 1 must be in [0, 1)")]
    [InlineData("--dataset", "cifar", "dataset.name (--dataset): 'cifar' is not a known dataset; allowed: mnist, idx, xor, spirals, moons, function, csv")]
    [InlineData("--patience", "-1", "early_stopping.patience (--patience): -1 must be >= 0")]
    [InlineData("--aug-shift", "-1", "augmentation.shift (--aug-shift): -1 must be in [0, 100]")]
    [InlineData("--init-sigma", "-1", "init_sigma (--init-sigma): -1 must be > 0")]
    [InlineData("--train-limit", "0", "dataset.train_limit (--train-limit): 0 must be a positive number of examples")]
    [InlineData("--noise", "-1", "dataset.noise (--noise): -1 must be")]
    [InlineData("--monitor", "f1", "--monitor: 'f1' is not allowed; allowed: val_accuracy, val_loss")]
    public void Bad_option_values_exit_2_naming_the_value_and_what_is_allowed(string option, string value, string expected)
    {
        var (exit, output, err) = CliHarness.Run("train", option, value);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("epoch", output); // nothing trained
    }

    [Theory]
    [InlineData("step", "`harness perceptron`")]
    [InlineData("sign", "`harness perceptron --sign`")]
    public void Train_refuses_step_and_sign_saying_why_and_where_they_belong_and_its_help_does_not_offer_them(string activation, string perceptron)
    {
        var (exit, _, err) = CliHarness.Run("train", "--activation", activation);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--activation: '{activation}' has no useful gradient", err);
        Assert.Contains(perceptron, err);
        Assert.Contains("For train, allowed: sigmoid, tanh, relu, leaky_relu, identity", err);

        var (_, help, _) = CliHarness.Run("train", "--help");
        var line = help.Split('\n').Single(l => l.TrimStart().StartsWith("--activation", StringComparison.Ordinal));
        Assert.Contains("sigmoid, tanh, relu, leaky_relu, identity (step and sign are not differentiable", line);
    }

    [Fact]
    public void A_config_file_with_many_problems_lists_them_all_without_converter_text()
    {
        using var dir = new TempDir();
        var file = dir.File("many.json");
        File.WriteAllText(file, """
            { "hidden": ["100"], "learning_rat": 0.1, "batch_size": "64", "early_stopping": { "monitor": "val_acc" },
              "dataset": { "name": "xor", "train_limit": 1.5 } }
            """);
        var (exit, _, err) = CliHarness.Run("train", "--config", file);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("many.json: 5 problems:", err);
        Assert.Contains("hidden[0]: \"100\" is not allowed; expected an integer", err);
        Assert.Contains("learning_rat: unknown field (did you mean 'learning_rate'?)", err);
        Assert.Contains("batch_size: \"64\" is not allowed; expected an integer", err);
        Assert.Contains("early_stopping.monitor: \"val_acc\" is not allowed (did you mean 'val_accuracy'?); allowed: val_accuracy, val_loss", err);
        Assert.Contains("dataset.train_limit: 1.5 is not allowed; expected an integer", err);
        Assert.DoesNotContain("System.", err);
        Assert.DoesNotContain("could not be", err);
    }

    [Fact]
    public void Several_bad_values_are_all_reported_at_once()
    {
        var (exit, _, err) = CliHarness.Run("train", "--lr", "-1", "--dropout", "2", "--activation", "nope");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("learning_rate (--lr)", err);
        Assert.Contains("dropout (--dropout)", err);
        Assert.Contains("--activation: 'nope'", err);
    }

    [Fact]
    public void A_bad_value_from_the_config_file_names_the_file_and_one_from_an_option_names_the_option()
    {
        using var dir = new TempDir();
        var file = dir.File("bad-values.json");
        File.WriteAllText(file, """{ "learning_rate": -1, "dropout": 2, "l2": -0.5 }""");

        var (exit, output, err) = CliHarness.Run("train", "--config", file, "--dropout", "1.5", "--l2", "0.001");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("bad-values.json: learning_rate: -1 must be > 0", err);
        Assert.Contains("dropout (--dropout): 1.5 must be in [0, 1)", err);
        Assert.DoesNotContain("l2", err); // the option's value replaced the file's bad one
        Assert.DoesNotContain("(--lr)", err);
        Assert.DoesNotContain("epoch", output);
    }

    [Fact]
    public void An_empty_config_file_or_a_folder_for_it_says_so()
    {
        using var dir = new TempDir();
        var empty = dir.File("empty.json");
        File.WriteAllText(empty, "\n");
        var (exit, _, err) = CliHarness.Run("train", "--config", empty);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("empty.json: the file is empty; give a JSON object of training configuration fields", err);

        (exit, _, err) = CliHarness.Run("train", "--config", dir.Path);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--config: '{dir.Path}' is a folder", err);
    }

    [Fact]
    public void Config_file_round_trips_and_options_override_it()
    {
        using var dir = new TempDir();
        var config = new TrainConfig
        {
            Hidden = [6, 5],
            Activation = Activation.Tanh,
            Optimizer = Optimizer.Momentum,
            Momentum = 0.8,
            LearningRate = 0.05,
            BatchSize = 16,
            Epochs = 2,
            Schedule = Schedule.Linear,
            FinalFactor = 0.1,
            L2 = 1e-4,
            Seed = 9,
            Threads = 1,
            EarlyStopping = new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 4, MinDelta = 0.001, RestoreBest = false },
        };
        var json = JsonSerializer.SerializeToNode(config, EngineJson.Options)!.AsObject();
        json["dataset"] = JsonSerializer.SerializeToNode(new DatasetSpec { Name = "xor", Samples = 200, Noise = 0.05 }, DatasetSpec.JsonOptions);
        var file = dir.File("config.json");
        File.WriteAllText(file, json.ToJsonString());
        var model = dir.File("m.model");

        var (exit, output, err) = CliHarness.Run("train", "--config", file, "--epochs", "3", "--out", model);
        Assert.Equal("", err);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("\"name\":\"xor\"", output);
        Assert.Contains("splits             train 120, validation 40, test 40", output);

        var saved = Model.Load(model).Config;
        Assert.Equal(config with { Epochs = 3, Hidden = saved.Hidden }, saved); // every field from the file, --epochs from the option
        Assert.Equal([6, 5], saved.Hidden);
        Assert.Equal(3, saved.Epochs);
        Assert.Equal(new DatasetSpec { Name = "xor", Samples = 200, Noise = 0.05 }, DatasetSpec.FromJson(File.ReadAllText(model + ".dataset.json")));
    }

    [Theory]
    [InlineData("{\"hidden\":[8],\"learning_rat\":0.1}", "learning_rat: unknown field (did you mean 'learning_rate'?); allowed: hidden,")]
    [InlineData("{\"early_stopping\":{\"patiense\":2}}", "early_stopping.patiense: unknown field (did you mean 'patience'?); allowed: monitor, patience, min_delta, restore_best")]
    [InlineData("{\"dataset\":{\"name\":\"xor\",\"samplez\":30}}", "dataset.samplez: unknown field (did you mean 'samples'?); allowed: name,")]
    [InlineData("{\"activation\":\"reluu\"}", "activation: \"reluu\" is not allowed (did you mean 'relu'?); allowed: sigmoid, tanh, relu, leaky_relu, identity")]
    [InlineData("{\"early_stopping\":{\"monitor\":\"val_acc\"}}", "early_stopping.monitor: \"val_acc\" is not allowed (did you mean 'val_accuracy'?); allowed: val_accuracy, val_loss")]
    [InlineData("{\"batch_size\":\"64\"}", "batch_size: \"64\" is not allowed; expected an integer")]
    [InlineData("{\"dataset\":{\"train_limit\":1.5}}", "dataset.train_limit: 1.5 is not allowed; expected an integer")]
    [InlineData("{\"hidden\":[8],", "invalid JSON")]
    public void Bad_config_files_exit_2_naming_the_file_and_field(string content, string expected)
    {
        using var dir = new TempDir();
        var file = dir.File("bad.json");
        File.WriteAllText(file, content);
        var (exit, _, err) = CliHarness.Run("train", "--config", file);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("bad.json", err);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Hidden_accepts_a_comma_list_or_repeated_options_and_early_stopping_options_apply()
    {
        using var dir = new TempDir();
        var a = dir.File("a.model");
        var b = dir.File("b.model");
        Assert.Equal(0, CliHarness.Run(["train", .. MoonsData, "--hidden", "4,3", "--out", a, "--patience", "1", "--monitor", "val_loss", "--min-delta", "0.01"]).Exit);
        Assert.Equal(0, CliHarness.Run(["train", .. MoonsData, "--hidden", "4", "--hidden", "3", "--out", b, "--early-stop", "false"]).Exit);

        var ca = Model.Load(a).Config;
        Assert.Equal([4, 3], ca.Hidden);
        Assert.Equal(new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 1, MinDelta = 0.01, RestoreBest = true }, ca.EarlyStopping);
        var cb = Model.Load(b).Config;
        Assert.Equal([4, 3], cb.Hidden);
        Assert.Null(cb.EarlyStopping);
    }

    [Fact]
    public void Every_train_config_knob_has_an_option()
    {
        var train = Harness.Cli.Commands.TrainCommand.Create();
        var names = train.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        var fields = typeof(TrainConfig).GetProperties().Select(p => JsonNamingPolicy.KebabCaseLower.ConvertName(p.Name))
            .Concat(typeof(EarlyStopping).GetProperties().Select(p => JsonNamingPolicy.KebabCaseLower.ConvertName(p.Name)))
            .Concat(typeof(Augmentation).GetProperties().Where(p => p.CanWrite).Select(p => "aug-" + JsonNamingPolicy.KebabCaseLower.ConvertName(p.Name)));
        var spelled = new Dictionary<string, string> { ["learning-rate"] = "--lr", ["early-stopping"] = "--early-stop", ["augmentation"] = "--aug-shift" };
        foreach (var f in fields)
            Assert.Contains(spelled.GetValueOrDefault(f, "--" + f), names);
    }
}
