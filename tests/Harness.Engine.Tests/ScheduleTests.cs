namespace Harness.Engine.Tests;

public sealed class ScheduleTests
{
    private static TrainConfig Config(Schedule s) => new()
    {
        Schedule = s,
        LearningRate = 0.2,
        DecayRate = 0.5,
        StepEpochs = 3,
        FinalFactor = 0.01,
        Epochs = 11,
    };

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(100)]
    public void Constant_keeps_the_learning_rate(int epoch) =>
        Assert.Equal(0.2, LearningRateSchedule.Rate(Config(Schedule.Constant), epoch));

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.5)]
    [InlineData(5, 0.5)]
    [InlineData(6, 0.25)]
    [InlineData(10, 0.125)]
    public void Step_halves_every_StepEpochs(int epoch, double factor) =>
        Assert.Equal(0.2 * factor, LearningRateSchedule.Rate(Config(Schedule.Step), epoch), 12);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 0.5)]
    [InlineData(4, 0.0625)]
    public void Exponential_multiplies_each_epoch(int epoch, double factor) =>
        Assert.Equal(0.2 * factor, LearningRateSchedule.Rate(Config(Schedule.Exponential), epoch), 12);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 0.505)]              // halfway (t = 0.5): F + (1 − F)·½
    [InlineData(10, 0.01)]              // last epoch: exactly FinalFactor
    [InlineData(12, 0.01)]              // beyond the planned epochs it holds
    public void Linear_goes_from_one_to_FinalFactor(int epoch, double factor) =>
        Assert.Equal(factor, LearningRateSchedule.Factor(Config(Schedule.Linear), epoch), 12);

    [Fact]
    public void Cosine_goes_from_one_to_FinalFactor_along_a_half_cosine()
    {
        var c = Config(Schedule.Cosine);
        Assert.Equal(1.0, LearningRateSchedule.Factor(c, 0), 12);
        Assert.Equal(0.505, LearningRateSchedule.Factor(c, 5), 12);
        // t = 0.2: (1 + cos(0.2π))/2 = 0.904508...
        Assert.Equal(0.01 + 0.99 * (1 + Math.Cos(0.2 * Math.PI)) / 2, LearningRateSchedule.Factor(c, 2), 12);
        Assert.Equal(0.01, LearningRateSchedule.Factor(c, 10));
        Assert.Equal(0.2 * 0.01, LearningRateSchedule.Rate(c, 10), 15);
        for (int e = 1; e < 11; e++)
            Assert.True(LearningRateSchedule.Factor(c, e) < LearningRateSchedule.Factor(c, e - 1));
    }

    [Theory]
    [InlineData(Schedule.Cosine)]
    [InlineData(Schedule.Linear)]
    public void A_single_epoch_uses_the_full_rate(Schedule s) =>
        Assert.Equal(0.2, LearningRateSchedule.Rate(Config(s) with { Epochs = 1 }, 0));

    [Fact]
    public void Bad_settings_name_the_field()
    {
        Assert.StartsWith("step_epochs:", Assert.Throws<ArgumentException>(() =>
            LearningRateSchedule.Rate(Config(Schedule.Step) with { StepEpochs = 0 }, 1)).Message);
        Assert.StartsWith("decay_rate:", Assert.Throws<ArgumentException>(() =>
            LearningRateSchedule.Rate(Config(Schedule.Exponential) with { DecayRate = 0 }, 1)).Message);
        Assert.StartsWith("final_factor:", Assert.Throws<ArgumentException>(() =>
            LearningRateSchedule.Rate(Config(Schedule.Cosine) with { FinalFactor = -0.5 }, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Rate(Config(Schedule.Constant), -1));
    }
}
