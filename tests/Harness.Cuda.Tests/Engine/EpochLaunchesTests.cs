using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

public sealed class EpochLaunchesTests
{
    [Fact]
    public void Without_a_run_time_limit_or_a_setting_an_epoch_is_one_launch()
    {
        var launches = EpochLaunches.For(runTimeLimit: false, value: null);
        Assert.False(launches.Cut);
        Assert.Equal(5000, launches.NextSteps(5000));
        Assert.Equal(10000, launches.NextRows(10000, 256, 10));
    }

    [Fact]
    public void A_fixed_step_count_cuts_every_epoch_the_same_way_whatever_the_timings()
    {
        var launches = EpochLaunches.For(runTimeLimit: false, value: " 7 ");
        Assert.True(launches.Cut);
        launches.TookSteps(7, 30.0);
        Assert.Equal(7, launches.NextSteps(5000));
        Assert.Equal(3, launches.NextSteps(3));
        // 7 steps of 64 rows cost about 7 x 64 x 3 = 1,344 validation rows: whole chunks of 256 of them
        Assert.Equal(1280, launches.NextRows(10000, 256, 64));
        Assert.Equal(256, launches.NextRows(10000, 256, 1)); // never less than a chunk
        Assert.Equal(100, launches.NextRows(100, 256, 64)); // or what is left
    }

    [Fact]
    public void On_a_device_with_a_run_time_limit_launches_start_at_one_step_and_grow_by_at_most_four_times()
    {
        var launches = EpochLaunches.For(runTimeLimit: true, value: null);
        Assert.True(launches.Cut);
        Assert.Equal(1, launches.NextSteps(5000));
        launches.TookSteps(1, 1e-5); // 25,000 steps would fit the target: grow 4x at most
        Assert.Equal(4, launches.NextSteps(5000));
        launches.TookSteps(4, 4e-5);
        Assert.Equal(16, launches.NextSteps(5000));
        launches.TookSteps(16, 0.5); // twice the target: halve
        Assert.Equal(8, launches.NextSteps(5000));
        launches.TookSteps(8, 0.25);
        Assert.Equal(8, launches.NextSteps(5000));
        launches.TookSteps(8, 10.0); // far too slow: never below one step
        Assert.Equal(1, launches.NextSteps(5000));
        launches.TookSteps(1, 0.0); // too quick to time: grow by the most allowed
        Assert.Equal(4, launches.NextSteps(5000));
    }

    [Fact]
    public void Validation_rows_are_sized_from_the_step_timings_until_a_validation_launch_is_timed()
    {
        var launches = EpochLaunches.For(runTimeLimit: true, value: null);
        Assert.Equal(256, launches.NextRows(10000, 256, 10)); // nothing timed yet: one chunk
        launches.TookSteps(1, 0.001); // a step of 10 rows in 1 ms: a validation row about 1/30 ms, 7,500 rows fit
        Assert.Equal(7424, launches.NextRows(10000, 256, 10));
        launches.TookRows(256, 0.0256); // measured: 0.1 ms a row, 2,500 rows fit; at most 4 x 256
        Assert.Equal(1024, launches.NextRows(10000, 256, 10));
        launches.TookRows(1024, 0.1024);
        Assert.Equal(2304, launches.NextRows(10000, 256, 10)); // 2,500 rows, in whole chunks
        Assert.Equal(300, launches.NextRows(300, 256, 10));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    [InlineData("2.5")]
    public void A_step_count_that_is_not_a_whole_number_above_zero_is_refused_naming_the_variable(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => EpochLaunches.For(false, value));
        Assert.Contains($"{EpochLaunches.Variable}: '{value}' is not allowed", ex.Message);
        Assert.Contains("whole number >= 1", ex.Message);
    }
}
