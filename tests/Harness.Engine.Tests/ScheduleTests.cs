using Harness.Engine;

namespace Harness.Engine.Tests;

public sealed class ScheduleTests
{
    private static TrainConfig Config(Schedule s, int epochs = 10, double lr = 0.2) => new()
    {
        Schedule = s, Epochs = epochs, LearningRate = lr, DecayRate = 0.5, StepEpochs = 3, FinalFactor = 0.01,
    };

    [Fact]
    public void Constant_keeps_the_base_rate()
    {
        var c = Config(Schedule.Constant);
        for (int e = 0; e < 20; e++) Assert.Equal(0.2, LearningRateSchedule.Rate(c, e), 12);
    }

    [Fact]
    public void Step_multiplies_by_decay_rate_every_step_epochs()
    {
        var c = Config(Schedule.Step);
        double[] expected = [0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025];
        for (int e = 0; e < expected.Length; e++) Assert.Equal(expected[e], LearningRateSchedule.Rate(c, e), 12);
    }

    [Fact]
    public void Step_with_non_positive_step_epochs_names_the_field()
    {
        var c = Config(Schedule.Step) with { StepEpochs = 0 };
        var ex = Assert.Throws<ArgumentException>(() => LearningRateSchedule.Rate(c, 1));
        Assert.Contains("step_epochs", ex.Message);
    }

    [Fact]
    public void Exponential_multiplies_by_decay_rate_each_epoch()
    {
        var c = Config(Schedule.Exponential);
        for (int e = 0; e < 10; e++) Assert.Equal(0.2 * Math.Pow(0.5, e), LearningRateSchedule.Rate(c, e), 12);
    }

    [Theory]
    [InlineData(Schedule.Cosine)]
    [InlineData(Schedule.Linear)]
    public void Annealing_starts_at_base_and_reaches_final_factor_exactly_at_the_last_epoch(Schedule s)
    {
        var c = Config(s, epochs: 7);
        Assert.Equal(0.2, LearningRateSchedule.Rate(c, 0), 15);
        Assert.Equal(0.01, LearningRateSchedule.Factor(c, 6)); // exact, not approximately
        Assert.Equal(0.2 * 0.01, LearningRateSchedule.Rate(c, 6), 15);
        Assert.Equal(0.01, LearningRateSchedule.Factor(c, 50)); // stays at the floor past the end
        for (int e = 1; e < 7; e++)
            Assert.True(LearningRateSchedule.Rate(c, e) < LearningRateSchedule.Rate(c, e - 1), $"epoch {e} should be below epoch {e - 1}");
    }

    [Fact]
    public void Linear_is_evenly_spaced_and_cosine_is_at_the_midpoint_halfway()
    {
        var lin = Config(Schedule.Linear, epochs: 5);
        double[] expected = [1.0, 0.7525, 0.505, 0.2575, 0.01];
        for (int e = 0; e < 5; e++) Assert.Equal(expected[e], LearningRateSchedule.Factor(lin, e), 12);

        var cos = Config(Schedule.Cosine, epochs: 5);
        Assert.Equal((1.0 + 0.01) / 2, LearningRateSchedule.Factor(cos, 2), 12);
        Assert.Equal(0.01 + 0.99 * 0.5 * (1 + Math.Cos(Math.PI / 4)), LearningRateSchedule.Factor(cos, 1), 12);
    }

    [Theory]
    [InlineData(Schedule.Cosine)]
    [InlineData(Schedule.Linear)]
    public void A_single_epoch_run_uses_the_base_rate(Schedule s)
    {
        var c = Config(s, epochs: 1);
        Assert.Equal(0.2, LearningRateSchedule.Rate(c, 0), 15);
    }

    [Fact]
    public void Negative_epoch_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Rate(Config(Schedule.Constant), -1));
    }
}
