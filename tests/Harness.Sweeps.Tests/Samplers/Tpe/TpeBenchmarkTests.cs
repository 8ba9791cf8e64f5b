namespace Harness.Sweeps.Tests.Samplers.Tpe;

/// <summary>
/// TPE against random search on known functions, 100 trials each, 20 seeds: the median best value of TPE must
/// beat random search's (both maximise -f). No training, so this runs in seconds.
/// </summary>
public sealed class TpeBenchmarkTests(ITestOutputHelper output)
{
    private const int Trials = 100, Seeds = 20;

    private static readonly double[] Shift = [1.5, -2.0, 0.5, 3.0];

    /// <summary>Sphere in 4-D shifted off the centre of [-5, 5]^4; minimum 0 at <see cref="Shift"/>.</summary>
    private static double Sphere(IReadOnlyDictionary<string, double> x) =>
        Enumerable.Range(0, 4).Sum(i => Math.Pow(x[$"x{i}"] - Shift[i], 2));

    /// <summary>Rastrigin in 1-D shifted to 1.3 on [-5, 5]: eleven local minima, global minimum 0.</summary>
    private static double Rastrigin(IReadOnlyDictionary<string, double> x)
    {
        double d = x["x0"] - 1.3;
        return d * d - 10 * Math.Cos(2 * Math.PI * d) + 10;
    }

    private static SearchSpace Box(int dims) => new()
    {
        Knobs = [.. Enumerable.Range(0, dims).Select(i => new KeyValuePair<string, Distribution>($"x{i}", new UniformDistribution(-5, 5)))],
    };

    [Fact]
    public void Tpe_beats_random_search_on_a_shifted_4d_sphere() => Compare(Box(4), Sphere, "sphere-4d");

    [Fact]
    public void Tpe_beats_random_search_on_a_1d_multimodal_function() => Compare(Box(1), Rastrigin, "rastrigin-1d");

    private void Compare(SearchSpace space, Func<IReadOnlyDictionary<string, double>, double> f, string name)
    {
        var tpe = new List<double>();
        var random = new List<double>();
        for (int seed = 0; seed < Seeds; seed++)
        {
            tpe.Add(-TpeDriver.Best(new TpeSampler(space, Trials, seed, 0), Trials, x => -f(x)));
            random.Add(-TpeDriver.Best(new RandomSampler(space, Trials, seed, 0), Trials, x => -f(x)));
        }
        double tpeMedian = TpeDriver.Median(tpe), randomMedian = TpeDriver.Median(random);
        output.WriteLine($"{name}: median best over {Seeds} seeds after {Trials} trials: TPE {tpeMedian:G4}, random {randomMedian:G4}");
        Assert.True(tpeMedian < randomMedian, $"{name}: TPE median best {tpeMedian} is not below random search's {randomMedian}");
    }
}
