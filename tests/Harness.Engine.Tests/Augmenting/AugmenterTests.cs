using Harness.Data;
using Harness.Engine.Tests.Cohorts;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Augmenting;

/// <summary>Augmentation of training batches: seeded, training only, off by default, refused where it cannot apply.</summary>
public sealed class AugmenterTests
{
    private static readonly TrainConfig Base = new()
    {
        Layers = [new ConvLayer(4, 3), new PoolLayer(PoolKind.Max, 2, 2)],
        Optimizer = Optimizer.Adam,
        LearningRate = 0.01,
        BatchSize = 32,
        Epochs = 2,
        Seed = 5,
    };

    [Fact]
    public void Augmented_training_is_reproducible_and_differs_from_plain_training()
    {
        var data = LineImages.Splits();
        var aug = new Augmentation { Shift = 1.5, Rotation = 10, Scale = 0.1, ElasticAlpha = 2, ElasticSigma = 2, Noise = 0.05 };
        var a = Trainer.Train(Base with { Augmentation = aug }, data);
        var b = Trainer.Train(Base with { Augmentation = aug }, data);
        var plain = Trainer.Train(Base, data);
        Assert.Equal(BitIdentityTests.Sha(a.Model.Parameters), BitIdentityTests.Sha(b.Model.Parameters));
        Assert.NotEqual(BitIdentityTests.Sha(a.Model.Parameters), BitIdentityTests.Sha(plain.Model.Parameters));
        // Validation is never augmented: the same weights give the same validation loss on plain data.
        Assert.Equal(a.History[^1].ValidationLoss, Evaluator.Evaluate(a.Model, data.Validation).Loss, 12);
    }

    [Fact]
    public void Preview_moves_images_and_a_zero_setting_leaves_them_unchanged()
    {
        var data = LineImages.Create(3, seed: 4);
        var images = data.Features;
        var same = Augmenter.Preview(new Augmentation(), LineImages.Shape, images, copies: 2, seed: 1);
        for (int i = 0; i < 3; i++)
            for (int c = 0; c < 2; c++)
                Assert.Equal(images.AsSpan(i * 81, 81).ToArray(), same.AsSpan((i * 2 + c) * 81, 81).ToArray());
        var moved = Augmenter.Preview(new Augmentation { Shift = 2, Rotation = 15 }, LineImages.Shape, images, copies: 2, seed: 1);
        Assert.NotEqual(moved.AsSpan(0, 81).ToArray(), moved.AsSpan(81, 81).ToArray()); // two copies, two draws
        Assert.Equal(moved, Augmenter.Preview(new Augmentation { Shift = 2, Rotation = 15 }, LineImages.Shape, images, 2, seed: 1));
    }

    [Fact]
    public void Noise_has_the_configured_spread()
    {
        var x = new float[100_000];
        var rng = Rng.Stream(1, Augmenter.Stream);
        new Augmenter(new Augmentation { Noise = 0.2 }, null, x.Length).Apply(x, 1, ref rng);
        double mean = x.Average(v => (double)v), sd = Math.Sqrt(x.Average(v => (double)v * v) - mean * mean);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(sd, 0.195, 0.205);
    }

    [Fact]
    public void Geometric_augmentation_on_plain_vectors_is_refused_but_noise_is_allowed()
    {
        var blobs = TestData.BlobSplits();
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(new TrainConfig { Hidden = [8], Epochs = 1, Augmentation = new Augmentation { Shift = 2 } }, blobs));
        Assert.StartsWith("augmentation: shift, rotation, scale and elastic distortion need image data", e.Message);
        var r = Trainer.Train(new TrainConfig { Hidden = [8], Epochs = 1, Augmentation = new Augmentation { Noise = 0.1 } }, blobs);
        Assert.Single(r.History);
    }

    [Theory]
    [InlineData("shift", -1.0, "augmentation.shift: -1 must be in [0, 100]")]
    [InlineData("rotation", 181.0, "augmentation.rotation: 181 must be in [0, 180]")]
    [InlineData("scale", 1.0, "augmentation.scale: 1 must be in [0, 1)")]
    [InlineData("noise", -0.1, "augmentation.noise: -0.1 must be a finite value >= 0")]
    [InlineData("elastic_sigma", 0.0, "augmentation.elastic_sigma: 0 must be in (0, 100]")]
    public void Out_of_range_settings_name_the_field(string field, double value, string expected)
    {
        var aug = field switch
        {
            "shift" => new Augmentation { Shift = value },
            "rotation" => new Augmentation { Rotation = value },
            "scale" => new Augmentation { Scale = value },
            "noise" => new Augmentation { Noise = value },
            _ => new Augmentation { ElasticSigma = value },
        };
        Assert.Contains(ConfigValidator.Validate(new TrainConfig { Augmentation = aug }), e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
