namespace Harness.Engine.Tests.Cohorts;

/// <summary>
/// Regression for "divergence unnoticed": a ReLU network at learning rate 1e6 used to end complete with a
/// finite training loss of 1e20 because only NaN/infinity counted as diverged.
/// </summary>
public sealed class DivergenceTests
{
    [Fact]
    public void An_exploding_but_finite_loss_ends_the_run_diverged_naming_the_epoch()
    {
        var config = new TrainConfig { Hidden = [32], Activation = Activation.Relu, LearningRate = 1e6, BatchSize = 32, Epochs = 5, Seed = 3 };
        var r = Trainer.Train(config, CohortData.Teacher());
        Assert.Equal(StopReason.Diverged, r.StopReason);
        Assert.NotNull(r.Divergence);
        Assert.StartsWith($"diverged in epoch {r.History.Count}: the training loss", r.Divergence);
        Assert.Contains("exceeded 1e6 x the initial loss", r.Divergence);
        Assert.True(double.IsFinite(r.History[^1].TrainLoss));
        Assert.True(r.History.Count < 5);
    }

    [Fact]
    public void A_nan_batch_names_the_epoch_it_happened_in_not_the_last_complete_one()
    {
        // The first step throws the weights to ~1e38; the next batch's loss overflows in epoch 1, before any row.
        var config = new TrainConfig { Hidden = [8], Activation = Activation.Identity, Loss = Loss.Quadratic, LearningRate = 1e38, BatchSize = 16, Epochs = 3 };
        var r = Trainer.Train(config, CohortData.Spirals());
        Assert.Equal(StopReason.Diverged, r.StopReason);
        Assert.Empty(r.History);
        Assert.Equal("diverged in epoch 1: a training batch's loss became NaN or infinite", r.Divergence);
    }

    [Theory]
    [InlineData(2.3, 2.3e6, null)]
    [InlineData(2.3, 2.31e6, "exceeded")]
    [InlineData(0.001, 9e5, null)] // a small initial loss is floored at 1
    [InlineData(0.001, 1.1e6, "exceeded")]
    [InlineData(2.3, double.NaN, "training loss became NaN")]
    [InlineData(2.3, double.PositiveInfinity, "training loss became NaN")]
    public void The_rule_is_non_finite_or_a_million_times_the_initial_loss(double initial, double train, string? expected)
    {
        var why = Divergence.Check(initial, train, 0.5, hasValidation: true);
        if (expected is null) Assert.Null(why);
        else Assert.Contains(expected, why);
        Assert.Contains("validation loss", Divergence.Check(2.3, 1, double.NaN, hasValidation: true));
        Assert.Null(Divergence.Check(2.3, 1, double.NaN, hasValidation: false));
    }
}
