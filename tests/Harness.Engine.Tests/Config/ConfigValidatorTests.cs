namespace Harness.Engine.Tests.Config;

public sealed class ConfigValidatorTests
{
    [Fact]
    public void Default_config_is_valid() => Assert.Empty(ConfigValidator.Validate(new TrainConfig()));

    [Theory]
    [InlineData("activation", "activation: 'step' is for the perceptron only; allowed: sigmoid, tanh, relu, leaky_relu, identity")]
    [InlineData("output_activation", "output_activation: 'sign' is for the perceptron only; allowed: sigmoid, tanh, relu, leaky_relu, identity")]
    [InlineData("learning_rate", "learning_rate: -1 must be > 0")]
    [InlineData("hidden", "hidden[1]: 0 must be >= 1")]
    [InlineData("dropout", "dropout: 1 must be in [0, 1)")]
    [InlineData("input_dropout", "input_dropout: -0.5 must be in [0, 1)")]
    [InlineData("batch_size", "batch_size: -2 must be >= 0 (0 = full batch, 1 = pure SGD)")]
    [InlineData("epochs", "epochs: 0 must be >= 1")]
    [InlineData("l2", "l2: -0.1 must be >= 0")]
    [InlineData("threads", "threads: -1 must be >= 0 (0 = all cores)")]
    [InlineData("patience", "early_stopping.patience: -3 must be >= 0")]
    public void Each_bad_field_gets_a_message_naming_it(string field, string expected)
    {
        var c = field switch
        {
            "activation" => new TrainConfig { Activation = Activation.Step },
            "output_activation" => new TrainConfig { Loss = Loss.Quadratic, OutputActivation = Activation.Sign },
            "learning_rate" => new TrainConfig { LearningRate = -1 },
            "hidden" => new TrainConfig { Hidden = [10, 0] },
            "dropout" => new TrainConfig { Dropout = 1 },
            "input_dropout" => new TrainConfig { InputDropout = -0.5 },
            "batch_size" => new TrainConfig { BatchSize = -2 },
            "epochs" => new TrainConfig { Epochs = 0 },
            "l2" => new TrainConfig { L2 = -0.1 },
            "threads" => new TrainConfig { Threads = -1 },
            "patience" => new TrainConfig { EarlyStopping = new EarlyStopping { Patience = -3 } },
            _ => throw new ArgumentException(field),
        };
        Assert.Equal([expected], ConfigValidator.Validate(c));
    }

    [Fact]
    public void Every_config_the_validator_accepts_builds_an_optimizer_and_schedule()
    {
        // The validator and the optimizer/schedule checks agree on the edges.
        foreach (var c in new[]
        {
            new TrainConfig { Schedule = Schedule.Linear, FinalFactor = 0 },
            new TrainConfig { Schedule = Schedule.Exponential, DecayRate = 1.05 },
            new TrainConfig { Optimizer = Optimizer.AdamW, L2 = 0.01, Beta1 = 0, Beta2 = 0.5 },
            new TrainConfig { Optimizer = Optimizer.Nesterov, Momentum = 0 },
        })
        {
            Assert.Empty(ConfigValidator.Validate(c));
            Optimizers.Create(c, 10, [new Range(0, 5)]);
            Assert.True(LearningRateSchedule.Rate(c with { Epochs = 3 }, 2) >= 0);
        }
        Assert.Equal(["decay_rate: 0 must be a finite value > 0"], ConfigValidator.Validate(new TrainConfig { DecayRate = 0 }));
    }

    [Fact]
    public void Output_activation_is_ignored_by_the_cross_entropies()
    {
        // Softmax/sigmoid cross-entropy fold their own output nonlinearity, so a perceptron activation there is harmless.
        Assert.Empty(ConfigValidator.Validate(new TrainConfig { Loss = Loss.SoftmaxCrossEntropy, OutputActivation = Activation.Step }));
    }

    [Fact]
    public void Trainer_throws_listing_every_problem()
    {
        var c = new TrainConfig { LearningRate = 0, Dropout = 2, Activation = Activation.Sign };
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(c, Support.TestData.BlobSplits()));
        Assert.Contains("learning_rate: 0 must be > 0", e.Message);
        Assert.Contains("dropout: 2 must be in [0, 1)", e.Message);
        Assert.Contains("activation: 'sign' is for the perceptron only", e.Message);
    }

    [Fact]
    public void Trainer_rejects_data_that_does_not_fit()
    {
        var d = Support.TestData.BlobSplits();
        var wrongTest = new Harness.Data.DataSplits(d.Train, d.Validation, Support.TestData.Blobs(10, 7, 4, 1));
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(new TrainConfig(), wrongTest));
        Assert.Contains("has 7 features; the network expects 20", e.Message);
    }
}
