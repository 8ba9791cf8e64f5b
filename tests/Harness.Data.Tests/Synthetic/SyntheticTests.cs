namespace Harness.Data.Tests.Synthetic;

public sealed class SyntheticTests
{
    [Fact]
    public void Xor_table_is_the_four_points()
    {
        var d = Harness.Data.Synthetic.Xor();
        Assert.Equal((4, 2, 2), (d.Count, d.FeatureCount, d.ClassCount));
        Assert.Equal([0, 1, 1, 0], d.Labels!);
        Assert.Equal([1f, 0f], d.Row(2).ToArray());
    }

    public static TheoryData<string> Classification => new() { "xor", "spirals", "moons" };

    private static Dataset Make(string name, int n, double noise, int seed) => name switch
    {
        "xor" => Harness.Data.Synthetic.Xor(n, noise, seed),
        "spirals" => Harness.Data.Synthetic.TwoSpirals(n, noise, seed),
        _ => Harness.Data.Synthetic.TwoMoons(n, noise, seed),
    };

    [Theory]
    [MemberData(nameof(Classification))]
    public void Classification_sets_have_shape_balance_and_determinism(string name)
    {
        var a = Make(name, 401, 0.1, 5);
        Assert.Equal((name, 401, 2, 2), (a.Name, a.Count, a.FeatureCount, a.ClassCount));
        Assert.Null(a.Targets);
        int ones = a.Labels!.Count(y => y == 1);
        Assert.InRange(ones, 195, 205);
        Assert.Equal(a.Features, Make(name, 401, 0.1, 5).Features);
        Assert.NotEqual(a.Features, Make(name, 401, 0.1, 6).Features);
        Assert.All(a.Features, v => Assert.InRange(v, -3f, 3f));
    }

    [Fact]
    public void Noise_free_spirals_lie_on_their_curves()
    {
        var d = Harness.Data.Synthetic.TwoSpirals(200, 0, 1);
        // Class 1 is class 0 mirrored through the origin, radius in [0, 1].
        for (int i = 0; i < d.Count; i++)
        {
            var r = d.Row(i);
            Assert.InRange(MathF.Sqrt(r[0] * r[0] + r[1] * r[1]), 0f, 1.0001f);
        }
    }

    [Theory]
    [InlineData("sin", Math.PI)]
    [InlineData("abs", 1.0)]
    [InlineData("step", 1.0)]
    [InlineData("square", 1.0)]
    public void Function_regression_has_targets_and_no_labels(string name, double half)
    {
        var d = Harness.Data.Synthetic.Function(name, 300, 0, 2);
        Assert.Equal(("function-" + name, 300, 1, 1, 1), (d.Name, d.Count, d.FeatureCount, d.TargetCount, d.OutputCount));
        Assert.Null(d.Labels);
        Assert.All(d.Features, x => Assert.InRange(x, -half - 1e-6, half + 1e-6));
        if (name == "sin")
            for (int i = 0; i < d.Count; i++) Assert.Equal(Math.Sin(d.Features[i]), d.Targets![i], 1e-5);
        Assert.Equal(d.Targets, Harness.Data.Synthetic.Function(name, 300, 0, 2).Targets);
    }

    [Fact]
    public void Unknown_function_lists_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => Harness.Data.Synthetic.Function("tan", 10, 0, 0));
        Assert.Contains("'tan' is not known; allowed: sin, cos, abs, step, square, cubic", ex.Message);
    }
}
