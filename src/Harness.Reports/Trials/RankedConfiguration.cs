using Harness.Store;

namespace Harness.Reports.Trials;

/// <summary>
/// One configuration (a trial key without its <c>#r{repeat}</c>) with its complete trials, one per seed, and the
/// mean and sample standard deviation of their validation and test accuracy (std 0 for a single seed).
/// </summary>
public sealed record RankedConfiguration(string Key, IReadOnlyList<TrialRecord> Trials)
{
    public double ValidationMean => Statistics.Mean(Values(t => t.ValidationAccuracy));
    public double ValidationStd => Std(Values(t => t.ValidationAccuracy));
    /// <summary>Mean test accuracy over the seeds that have one; NaN when none has.</summary>
    public double TestMean => Statistics.Mean(Values(t => t.TestAccuracy));
    public double TestStd => Std(Values(t => t.TestAccuracy));

    /// <summary>The seed to reproduce: the trial with the best validation accuracy (lowest number on a tie).</summary>
    public TrialRecord Representative =>
        Trials.OrderByDescending(t => t.ValidationAccuracy ?? double.NegativeInfinity).ThenBy(t => t.Number).First();

    /// <summary>The configuration key of a trial key: everything before <c>#r</c>.</summary>
    public static string ConfigKey(string trialKey)
    {
        int at = trialKey.LastIndexOf("#r", StringComparison.Ordinal);
        return at < 0 ? trialKey : trialKey[..at];
    }

    /// <summary>
    /// The complete trials grouped by configuration, best first: mean validation accuracy over seeds descending,
    /// then more seeds, then the lowest trial number. Test accuracy never ranks (it would leak the test set).
    /// </summary>
    public static IReadOnlyList<RankedConfiguration> Rank(IEnumerable<TrialRecord> trials) =>
        [.. trials.Where(t => t.State == TrialState.Complete && t.ValidationAccuracy is not null)
            .GroupBy(t => ConfigKey(t.Key), StringComparer.Ordinal)
            .Select(g => new RankedConfiguration(g.Key, [.. g.OrderBy(t => t.Repeat)]))
            .OrderByDescending(c => c.ValidationMean).ThenByDescending(c => c.Trials.Count).ThenBy(c => c.Trials.Min(t => t.Number))];

    private List<double> Values(Func<TrialRecord, double?> f) => [.. Trials.Select(f).OfType<double>()];

    private static double Std(List<double> x) => x.Count < 2 ? 0 : Statistics.SampleStd(x);
}
