namespace Harness.Sweeps;

/// <summary>
/// Splits the history into the good group (below, for l(x)) and the rest (above, for g(x)) as Optuna's
/// <c>_split_trials</c> does: gamma(n) good ones, n = finished configurations; complete ones best first, then
/// pruned ones (most epochs first, then value) if complete ones run short; bad ones and, with the constant liar,
/// unfinished ones always above. Both groups come back in trial order (oldest first, for the weights).
/// </summary>
internal static class TpeSplit
{
    public static (List<TpeObservation> Below, List<TpeObservation> Above) Split(IReadOnlyList<TpeObservation> history, bool constantLiar)
    {
        var complete = history.Where(o => o.Outcome == TpeOutcome.Complete).OrderByDescending(o => o.Value).ThenBy(o => o.Number).ToList();
        var pruned = history.Where(o => o.Outcome == TpeOutcome.Pruned).OrderByDescending(o => o.Steps).ThenByDescending(o => o.Value).ThenBy(o => o.Number).ToList();
        int n = complete.Count + pruned.Count + history.Count(o => o.Outcome == TpeOutcome.Bad);
        int nBelow = TpeMath.Gamma(n);
        var below = complete.Take(nBelow).ToList();
        below.AddRange(pruned.Take(Math.Max(0, nBelow - below.Count)));
        var above = history.Where(o => o.Outcome is TpeOutcome.Complete or TpeOutcome.Pruned or TpeOutcome.Bad && !below.Contains(o))
            .Concat(constantLiar ? history.Where(o => o.Outcome == TpeOutcome.Running) : []).ToList();
        return ([.. below.OrderBy(o => o.Number)], [.. above.OrderBy(o => o.Number)]);
    }
}
