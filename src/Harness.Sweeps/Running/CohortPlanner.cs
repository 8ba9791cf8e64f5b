using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>Groups unfinished trials into cohorts: trials with one <see cref="CohortKey"/>, in trial order, at most N each.</summary>
public static class CohortPlanner
{
    public static IReadOnlyList<IReadOnlyList<TrialRecord>> Group(IEnumerable<TrialRecord> trials, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return Group(trials, _ => ("", size));
    }

    /// <summary>
    /// Cohorts of trials that share a <see cref="CohortKey"/> and the engine <paramref name="route"/> sends each
    /// one's config to (so every part of a cohort goes where the whole goes), at most that engine's size each.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TrialRecord>> Group(IEnumerable<TrialRecord> trials, Func<TrainConfig, (string Engine, int Size)> route)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(route);
        var open = new Dictionary<string, List<TrialRecord>>(StringComparer.Ordinal);
        var cohorts = new List<List<TrialRecord>>();
        foreach (var trial in trials.OrderBy(t => t.Number))
        {
            var config = TrialPlanner.Config(trial);
            var (engine, size) = route(config);
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
            var key = $"{engine} | {CohortKey.Of(config)}";
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
