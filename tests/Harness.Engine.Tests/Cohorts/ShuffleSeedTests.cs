namespace Harness.Engine.Tests.Cohorts;

/// <summary>The data order has its own seed (shuffle_seed): by default it follows the seed; set, it is shared.</summary>
public sealed class ShuffleSeedTests
{
    private static readonly TrainConfig Base = new() { Hidden = [8], BatchSize = 8, Epochs = 2, LearningRate = 0.1, Seed = 1 };

    [Fact]
    public void Shuffle_seed_defaults_to_the_seed()
    {
        var data = CohortData.Spirals();
        Assert.Equal(Trainer.Train(Base, data).Model.Parameters, Trainer.Train(Base with { ShuffleSeed = 1 }, data).Model.Parameters);
        Assert.NotEqual(Trainer.Train(Base, data).Model.Parameters, Trainer.Train(Base with { ShuffleSeed = 2 }, data).Model.Parameters);
    }

    [Fact]
    public void Shuffle_seed_alone_changes_only_the_order_not_the_init()
    {
        var data = CohortData.Spirals();
        // Steps of 1e-30 cannot move a weight of order 0.1 in float32, so after one epoch the weights (not the
        // zero-initialised biases) are still the init: equal for equal seeds whatever the data order.
        var a = Trainer.Train(Base with { Epochs = 1, LearningRate = 1e-30 }, data);
        var b = Trainer.Train(Base with { Epochs = 1, LearningRate = 1e-30, ShuffleSeed = 99 }, data);
        Assert.Equal(a.Model.Weights(0).ToArray(), b.Model.Weights(0).ToArray());
        Assert.NotEqual(a.Model.Biases(0).ToArray(), b.Model.Biases(0).ToArray()); // the order did change the steps
        var c = Trainer.Train(Base with { Epochs = 1, LearningRate = 1e-30, Seed = 2, ShuffleSeed = 1 }, data);
        Assert.NotEqual(a.Model.Weights(0).ToArray(), c.Model.Weights(0).ToArray()); // another seed: another init
    }
}
