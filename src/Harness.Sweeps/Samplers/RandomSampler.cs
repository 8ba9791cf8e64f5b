namespace Harness.Sweeps;

/// <summary>
/// <see cref="Trials"/> independent draws from the space with one <see cref="Random"/> seeded by
/// <see cref="Seed"/> (System.Random with a seed is the same sequence on every .NET version and platform), so a
/// seed always gives the same plan. Each draw takes depth, then the width(s), then knobs in name order. The key
/// carries the draw number, so two equal draws stay two trials.
/// </summary>
public sealed class RandomSampler : ISampler
{
    private readonly IReadOnlyList<SampledConfig> _plan;

    public RandomSampler(SearchSpace space, int trials, int seed, int baseDepth)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        Trials = trials;
        Seed = seed;
        var rng = new Random(seed);
        var plan = new List<SampledConfig>(trials);
        for (int n = 0; n < trials; n++)
        {
            var (p, hidden) = Architecture.Sample(space, baseDepth, rng);
            var a = new List<KeyValuePair<string, string>>();
            if (hidden is not null) a.Add(new(SearchSpace.HiddenName, hidden));
            foreach (var (name, d) in space.Knobs)
            {
                var v = d.Sample(rng);
                p.Add(new(name, v));
                a.Add(new(name, v));
            }
            plan.Add(new SampledConfig($"draw{n}|" + Keys.Of(p), p, a));
        }
        _plan = plan;
    }

    public int Trials { get; }
    public int Seed { get; }

    /// <inheritdoc />
    public IReadOnlyList<SampledConfig> Plan(IReadOnlyList<TrialSnapshot> trials) => _plan;
}
