using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>Groups unfinished trials into cohorts: trials with one <see cref="CohortKey"/>, in trial order, at most N each.</summary>
public static class CohortPlanner
{
    public static IReadOnlyList<IReadOnlyList<TrialRecord>> Group(IEnumerable<TrialRecord> trials, int size)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var open = new Dictionary<string, List<TrialRecord>>(StringComparer.Ordinal);
        var cohorts = new List<List<TrialRecord>>();
        foreach (var trial in trials.OrderBy(t => t.Number))
        {
            var key = CohortKey.Of(TrialPlanner.Config(trial));
            if (!open.TryGetValue(key, out var cohort) || cohort.Count == size)
            {
                cohort = [];
                open[key] = cohort;
                cohorts.Add(cohort);
            }
            cohort.Add(trial);
        }
        return cohorts;
    }
}
