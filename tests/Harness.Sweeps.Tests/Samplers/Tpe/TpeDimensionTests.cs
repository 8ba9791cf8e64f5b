namespace Harness.Sweeps.Tests.Samplers.Tpe;

public sealed class TpeDimensionTests
{
    [Fact]
    public void A_log_int_range_is_widened_by_half_a_step_in_log_space_and_rounds_back()
    {
        var d = new TpeDimension("width", new IntDistribution(1, 100, Log: true));
        Assert.Equal(Math.Log(0.5), d.Low, 12);
        Assert.Equal(Math.Log(100.5), d.High, 12);
        Assert.Null(d.Step);
        Assert.Equal(Math.Log(37), d.Encode("37"), 12);
        Assert.Equal("37", d.Decode(d.Encode("37")));
        Assert.Equal("1", d.Decode(d.Low));    // exp(log 0.5) rounds to 0, clipped up to 1
        Assert.Equal("100", d.Decode(d.High));
    }

    [Fact]
    public void A_stepped_int_range_keeps_its_step_and_rounds_to_the_grid()
    {
        var d = new TpeDimension("width", new IntDistribution(4, 66, Step: 4));
        Assert.Equal(4, d.Step);
        Assert.Equal(64, d.High); // the last value on the grid
        Assert.Equal(64, d.Range);
        Assert.Equal("8", d.Decode(9.9));
        Assert.Equal("12", d.Decode(10.1));
        Assert.Equal("64", d.Decode(1000));
        Assert.Equal("4", d.Decode(-3));
    }

    [Fact]
    public void Log_uniform_lives_in_log_space()
    {
        var d = new TpeDimension("learning_rate", new LogUniformDistribution(1e-4, 1e-1));
        Assert.Equal(Math.Log(1e-4), d.Low, 12);
        Assert.Equal(Math.Log(1e-1), d.Range + d.Low, 12);
        Assert.Equal(0.01, double.Parse(d.Decode(d.Encode("0.01")), System.Globalization.CultureInfo.InvariantCulture), 15);
    }

    [Fact]
    public void A_choice_is_an_index_and_decodes_to_the_json_value()
    {
        var d = new TpeDimension("activation", new ChoiceDistribution(["\"relu\"", "\"tanh\""]));
        Assert.True(d.IsCategorical);
        Assert.Equal(1, d.Encode("tanh"));
        Assert.Equal("\"tanh\"", d.Decode(1));
        Assert.Throws<InvalidDataException>(() => d.Encode("sigmoid"));
    }
}
