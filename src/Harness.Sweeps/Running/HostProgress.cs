using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// One row of `harness status`: the trials of one host (the host that claimed them; null for trials nobody holds)
/// by state, and the newest heartbeat among its running trials.
/// </summary>
public sealed record HostProgress(string? Host, int Pending, int Running, int Done, int Failed, DateTime? LastHeartbeatUtc)
{
    /// <summary>
    /// Rows by host, sorted by name, the unclaimed row (pending and interrupted trials, no host) first. Done counts
    /// complete, pruned and diverged trials; failed counts failed ones. A re-queued trial has no host again.
    /// </summary>
    public static IReadOnlyList<HostProgress> Of(IEnumerable<TrialRecord> trials) =>
    [
        .. trials.GroupBy(t => t.State is TrialState.Pending or TrialState.Interrupted ? null : t.Host)
            .OrderBy(g => g.Key is not null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new HostProgress(
                g.Key,
                g.Count(t => t.State is TrialState.Pending or TrialState.Interrupted),
                g.Count(t => t.State == TrialState.Running),
                g.Count(t => t.State is TrialState.Complete or TrialState.Pruned or TrialState.Diverged),
                g.Count(t => t.State == TrialState.Failed),
                g.Where(t => t.State == TrialState.Running).Max(t => t.HeartbeatUtc))),
    ];
}
