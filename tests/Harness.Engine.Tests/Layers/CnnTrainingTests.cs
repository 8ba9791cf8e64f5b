using Harness.Data;
using Harness.Engine.Tests.Cohorts;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Layers;

/// <summary>Training convolutional networks end to end on the CPU engine: optimizers, regularizers, determinism, model files.</summary>
public sealed class CnnTrainingTests
{
    private static readonly LayerSpec[] Small =
        [new ConvLayer(6, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(8, 3), new FlattenLayer(), new DenseLayer(16)];

    private static TrainConfig Config(Optimizer optimizer, double lr) => new()
    {
        Layers = Small,
        Activation = Activation.Relu,
        Optimizer = optimizer,
        LearningRate = lr,
        BatchSize = 16,
        Epochs = 6,
        Seed = 3,
        Dropout = 0.1,
        L2 = 1e-4,
        L1 = 1e-6,
        EarlyStopping = new EarlyStopping { Patience = 2 },
    };

    [Theory]
    [InlineData(Optimizer.Sgd, 0.1)]
    [InlineData(Optimizer.Momentum, 0.02)]
    [InlineData(Optimizer.Nesterov, 0.02)]
    [InlineData(Optimizer.Adagrad, 0.05)]
    [InlineData(Optimizer.RmsProp, 0.003)]
    [InlineData(Optimizer.Adam, 0.005)]
    [InlineData(Optimizer.AdamW, 0.005)]
    public void A_cnn_learns_lines_with_every_optimizer_dropout_and_regularization(Optimizer optimizer, double lr)
    {
        var data = LineImages.Splits();
        var r = Trainer.Train(Config(optimizer, lr), data);
        Assert.NotEqual(StopReason.Diverged, r.StopReason);
        var test = Evaluator.Evaluate(r.Model, data.Test);
        Assert.True(test.Accuracy > 0.8, $"{optimizer}: test accuracy {test.Accuracy:P1} after {r.History.Count} epochs");
    }

    [Fact]
    public void Cnn_training_is_bit_identical_for_any_thread_count()
    {
        var data = LineImages.Splits();
        var config = Config(Optimizer.Adam, 0.005) with { Epochs = 2, EarlyStopping = null, Augmentation = new Augmentation { Shift = 1, Noise = 0.05 } };
        var one = Trainer.Train(config with { Threads = 1 }, data);
        var two = Trainer.Train(config with { Threads = 2 }, data);
        var three = Trainer.Train(config with { Threads = 3 }, data);
        Assert.Equal(BitIdentityTests.Sha(one.Model.Parameters), BitIdentityTests.Sha(two.Model.Parameters));
        Assert.Equal(BitIdentityTests.Sha(one.Model.Parameters), BitIdentityTests.Sha(three.Model.Parameters));
        Assert.Equal(one.History[^1].TrainLoss, two.History[^1].TrainLoss);
    }

    [Fact]
    public void A_cnn_model_file_round_trips_and_evaluates_the_same()
    {
        var data = LineImages.Splits();
        var model = Trainer.Train(Config(Optimizer.Adam, 0.005) with { Epochs = 2, Standardize = true }, data).Model;
        var loaded = Model.FromBytes(model.ToBytes());
        Assert.Equal(LineImages.Shape, loaded.InputShape);
        Assert.Equal(model.Parameters, loaded.Parameters);
        Assert.Equal([81, 3], loaded.LayerSizes);
        Assert.Equal(LayerSpec.LabelOf(Small), LayerSpec.LabelOf(loaded.Config.Layers!));
        var a = Evaluator.Evaluate(model, data.Test);
        var b = Evaluator.Evaluate(loaded, data.Test);
        Assert.Equal(a.Loss, b.Loss);
        Assert.Equal(a.Accuracy, b.Accuracy);
        Assert.Equal(6 * 9, loaded.Weights(0).Length); // first layer: 6 filters of 3x3x1
        var p = loaded.Predict(data.Test.Row(0));
        Assert.Equal(1.0, p.Sum(), 4);
        // conv (9x9x6), pool (4x4x6), conv (2x2x8), dense 16: flatten is skipped.
        var hidden = loaded.HiddenActivations(data.Test, 5);
        Assert.Equal([5 * 486, 5 * 96, 5 * 32, 5 * 16], hidden.Select(h => h.Length));
    }

    [Fact]
    public void Layers_that_do_not_fit_the_images_are_refused_naming_the_layer()
    {
        var config = new TrainConfig { Layers = [new PoolLayer(PoolKind.Max, 4, 4), new ConvLayer(4, 3)] };
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(config, LineImages.Splits()));
        Assert.Contains("layers[1].conv.size: a 3x3 kernel is larger than its 2x2 input", e.Message);
    }

    [Fact]
    public void Conv_layers_on_plain_feature_vectors_are_refused()
    {
        var config = new TrainConfig { Layers = [new ConvLayer(4, 3)] };
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(config, TestData.BlobSplits()));
        Assert.Contains("layers[0]: conv 4 3x3 needs image data", e.Message);
    }
}
