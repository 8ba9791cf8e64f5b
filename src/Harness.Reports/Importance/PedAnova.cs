using Harness.Reports.Trials;

namespace Harness.Reports.Importance;

/// <summary>
/// Parameter importance by PED-ANOVA (Watanabe et al., IJCAI 2023; Optuna's <c>PedAnovaImportanceEvaluator</c>
/// with its defaults): a parameter matters as much as the distribution of its values among the top 10% of the
/// trials (at least two) differs from their distribution among all trials, measured by the Pearson divergence
/// Σ p_all · (p_top / p_all - 1)² over the parameter's categories or cells (see <see cref="ParameterGrid"/>).
/// A parameter whose good values are spread like all its values scores 0. Reads trials only; trains nothing.
/// </summary>
public static class PedAnova
{
    /// <summary>Fewest complete trials importance is computed from.</summary>
    public const int MinTrials = 5;
    /// <summary>The share of trials counted as the top ones (Optuna's target_quantile).</summary>
    public const double TopQuantile = 0.1;

    /// <summary>
    /// Importances of <paramref name="parameters"/> (default: the searched parameters that vary, as the tables
    /// group them) over the complete trials, most important first. Throws <see cref="InvalidOperationException"/>
    /// with fewer than <see cref="MinTrials"/> complete trials or no varying parameter.
    /// </summary>
    public static IReadOnlyList<ParameterImportance> Evaluate(IEnumerable<TrialRecord> trials, IReadOnlyList<string>? parameters = null,
        Metric metric = Metric.ValidationAccuracy)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var views = TrialSet.Complete(trials, metric);
        if (views.Count < MinTrials)
            throw new InvalidOperationException($"parameter importance needs at least {MinTrials} complete trials with a {metric.Label()}; there are {views.Count}");
        var names = Parameters(parameters ?? TrialSet.DefaultKeys(views)).Where(p => views.Select(v => v.Value(p)).Distinct().Count() > 1).ToList();
        if (names.Count == 0)
            throw new InvalidOperationException("parameter importance needs a searched parameter that takes two or more values among the complete trials");
        var values = views.Select(v => metric.Of(v.Record)!.Value).ToList();
        var top = Top(values, metric.HigherIsBetter());
        var all = Enumerable.Range(0, views.Count).ToList();
        var divergences = names.ToDictionary(p => p, p =>
        {
            var grid = ParameterGrid.Of(p, [.. views.Select(v => v.Value(p))]);
            return Pearson(grid.Probabilities(top), grid.Probabilities(all));
        });
        double total = divergences.Values.Sum();
        return [.. names.Select(p => new ParameterImportance(p, total > 0 ? divergences[p] / total : 0, divergences[p]))
            .OrderByDescending(i => i.Divergence).ThenBy(i => names.IndexOf(i.Parameter))];
    }

    /// <summary>
    /// The parameters to rank: "hidden" (a list per trial, nearly one category per trial under per-layer widths,
    /// which would look important by chance) is replaced by its derived depth and width (the widest layer).
    /// </summary>
    private static IEnumerable<string> Parameters(IReadOnlyList<string> keys) =>
        keys.SelectMany(k => k == "hidden" ? new[] { "depth", "width" } : [k]).Distinct();

    /// <summary>Indices of the best max(2, ceil(0.1 n)) values (ties by position).</summary>
    internal static IReadOnlyList<int> Top(IReadOnlyList<double> values, bool higherIsBetter)
    {
        int k = Math.Max(2, (int)Math.Ceiling(TopQuantile * values.Count));
        var order = Enumerable.Range(0, values.Count);
        order = higherIsBetter ? order.OrderByDescending(i => values[i]).ThenBy(i => i) : order.OrderBy(i => values[i]).ThenBy(i => i);
        return [.. order.Take(k)];
    }

    /// <summary>Σ local · (top / local - 1)².</summary>
    internal static double Pearson(IReadOnlyList<double> top, IReadOnlyList<double> local)
    {
        double d = 0;
        for (int k = 0; k < top.Count; k++) d += local[k] * Math.Pow(top[k] / local[k] - 1, 2);
        return d;
    }
}
