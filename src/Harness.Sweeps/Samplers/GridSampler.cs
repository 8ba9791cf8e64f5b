namespace Harness.Sweeps;

/// <summary>
/// The exact cartesian product of every dimension: architecture (depth, then width or per-layer widths)
/// outermost, then knobs in name order with the last varying fastest. Continuous distributions are refused.
/// Key = the configuration's parameters, so the same space always yields the same keys.
/// </summary>
public sealed class GridSampler : ISampler
{
    private readonly IReadOnlyList<SampledConfig> _plan;

    public GridSampler(SearchSpace space, int baseDepth)
    {
        ArgumentNullException.ThrowIfNull(space);
        foreach (var (name, d) in Dimensions(space))
            if (d.IsContinuous)
                throw new ArgumentException($"search.space.{name}: grid search needs a list of values or an int range, not a continuous distribution");
        var plan = new List<SampledConfig>();
        var knobValues = space.Knobs.Select(k => k.Value.Enumerate()).ToList();
        foreach (var (archParams, hidden) in Architecture.Enumerate(space, baseDepth))
        {
            foreach (var combo in Architecture.Product(knobValues))
            {
                var p = new List<KeyValuePair<string, string>>(archParams);
                var a = new List<KeyValuePair<string, string>>();
                if (hidden is not null) a.Add(new(SearchSpace.HiddenName, hidden));
                for (int i = 0; i < combo.Length; i++)
                {
                    p.Add(new(space.Knobs[i].Key, combo[i]));
                    a.Add(new(space.Knobs[i].Key, combo[i]));
                }
                plan.Add(new SampledConfig(Keys.Of(p), p, a));
            }
        }
        _plan = plan;
    }

    /// <summary>Number of configurations the grid holds, without building it.</summary>
    public static long Count(SearchSpace space, int baseDepth)
    {
        long knobs = 1;
        foreach (var (_, d) in space.Knobs) knobs = Checked(knobs, d.Enumerate().Count);
        if (!space.SearchesArchitecture) return knobs;
        long arch = 0;
        var depths = space.Depth?.Enumerate().Select(int.Parse) ?? [baseDepth];
        foreach (var depth in depths)
            arch += space.Width is { } w ? w.Enumerate().Count : (long)Math.Min(Math.Pow(space.Widths!.Enumerate().Count, depth), long.MaxValue / 4);
        return Checked(knobs, arch);
    }

    private static long Checked(long a, long b) => a > long.MaxValue / Math.Max(b, 1) ? long.MaxValue / 4 : a * b;

    internal static IEnumerable<(string Name, Distribution D)> Dimensions(SearchSpace space)
    {
        if (space.Depth is { } depth) yield return (SearchSpace.DepthName, depth);
        if (space.Width is { } width) yield return (SearchSpace.WidthName, width);
        if (space.Widths is { } widths) yield return (SearchSpace.WidthsName, widths);
        foreach (var (name, d) in space.Knobs) yield return (name, d);
    }

    /// <inheritdoc />
    public IReadOnlyList<SampledConfig> Plan(IReadOnlyList<TrialSnapshot> trials) => _plan;
}
