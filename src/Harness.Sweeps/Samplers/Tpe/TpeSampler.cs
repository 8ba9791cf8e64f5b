namespace Harness.Sweeps;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al. 2011), as Optuna's <c>TPESampler</c> does it; it maximises
/// the configurations' validation accuracy (mean over repeats). Each <see cref="Plan"/> rebuilds what it knows
/// from the trial snapshots (so a resume, or another process sharing the store, continues where it stands),
/// returns every configuration planned so far, and adds new ones until <see cref="Trials"/>: all the random
/// startup ones at once, then <see cref="Batch"/> at a time less those still waiting to start. Configuration
/// number i draws from a <see cref="Random"/> seeded by (seed, i), so the same history gives the same proposal.
/// </summary>
public sealed class TpeSampler : ISampler
{
    private readonly TpeSpace _space;

    public TpeSampler(SearchSpace space, int trials, int seed, int baseDepth, TpeOptions? options = null, int batch = 1)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        _space = new TpeSpace(space, baseDepth);
        Trials = trials;
        Seed = seed;
        Options = options ?? new TpeOptions();
        Batch = batch;
    }

    public int Trials { get; }
    public int Seed { get; }
    public TpeOptions Options { get; }
    /// <summary>Configurations proposed together (parallel workers times cohort members, over repeats).</summary>
    public int Batch { get; }

    /// <inheritdoc />
    public IReadOnlyList<SampledConfig> Plan(IReadOnlyList<TrialSnapshot> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var history = TpeObservation.Read(trials, _space);
        var plan = history.Select(o => _space.ToConfig("", o.Values) with { Key = o.Key }).ToList();
        int planned = history.Count;
        int finished = history.Count(o => o.Outcome is TpeOutcome.Complete or TpeOutcome.Pruned or TpeOutcome.Bad);
        int waiting = history.Count(o => o.Waiting);
        int count = Math.Min(Trials - planned, Math.Max(Batch - waiting, Options.StartupTrials - planned));
        int number = history.Count == 0 ? 0 : history.Max(o => o.Number) + 1;
        for (int i = 0; i < count; i++)
        {
            int index = planned + i;
            var rng = new Random(unchecked(Seed * 1_000_003 + index));
            var values = finished < Options.StartupTrials ? _space.Random(rng) : Suggest(history, rng);
            var config = _space.ToConfig($"tpe{index}", values);
            plan.Add(config);
            history.Add(new TpeObservation(config.Key, number++, values, TpeOutcome.Running, 0, 0, true));
        }
        return plan;
    }

    /// <summary>One proposal from the history (which holds at least the startup trials).</summary>
    private Dictionary<string, double> Suggest(IReadOnlyList<TpeObservation> history, Random rng)
    {
        var (below, above) = TpeSplit.Split(history, Options.ConstantLiar);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var rest = _space.Dimensions;
        if (Options.Multivariate)
        {
            var observed = history.Where(o => o.Outcome is not TpeOutcome.Running and not TpeOutcome.Failed).ToList();
            var joint = rest.Where(d => observed.All(o => o.Values.ContainsKey(d.Name))).ToList();
            Choose(joint, below, above, rng, values);
            rest = [.. rest.Where(d => !joint.Contains(d))];
        }
        foreach (var dim in rest)
            if (_space.Has(dim, values)) Choose([dim], below, above, rng, values);
        foreach (var name in values.Keys.ToList()) // a joint draw may hold layers beyond the depth it drew
            if (!_space.Has(_space.Dimensions.First(d => d.Name == name), values)) values.Remove(name);
        return values;
    }

    /// <summary>Draws <see cref="TpeOptions.Candidates"/> from l(x) over <paramref name="dims"/> and keeps the one with the largest log l(x) - log g(x).</summary>
    private void Choose(IReadOnlyList<TpeDimension> dims, IReadOnlyList<TpeObservation> below, IReadOnlyList<TpeObservation> above,
        Random rng, Dictionary<string, double> values)
    {
        if (dims.Count == 0) return;
        var l = Estimator(dims, below);
        var g = Estimator(dims, above);
        double[]? best = null;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < Options.Candidates; c++)
        {
            var x = l.Sample(rng);
            double score = l.LogPdf(x) - g.LogPdf(x);
            if (best is null || score > bestScore) (best, bestScore) = (x, score);
        }
        for (int d = 0; d < dims.Count; d++) values[dims[d].Name] = best![d];
    }

    private ParzenEstimator Estimator(IReadOnlyList<TpeDimension> dims, IReadOnlyList<TpeObservation> group) =>
        new(dims, [.. group.Where(o => dims.All(d => o.Values.ContainsKey(d.Name))).Select(o => dims.Select(d => o.Values[d.Name]).ToArray())], Options);
}
