using System.Collections.Concurrent;
using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>
/// Reads an experiment version's trials at most once per <c>maxAge</c> and shares that snapshot among requests, so
/// many polling pages cost the store one read per interval. A read that takes long (10,000 trials: about half a
/// second) is reused for four times its duration at least, so re-reading never takes more than a fifth of the time.
/// Reads are serialised.
/// </summary>
internal sealed class TrialSnapshots(IExperimentStore store, TimeSpan maxAge)
{
    private readonly ConcurrentDictionary<(string Name, int? Version), TrialSnapshot> _cache = new();
    private readonly Lock _read = new();

    public IExperimentStore Store => store;

    /// <summary>The experiment version (latest when null) and its trials, or null when the store has no such experiment.</summary>
    public TrialSnapshot? Get(string name, int? version)
    {
        if (_cache.TryGetValue((name, version), out var s) && Fresh(s)) return s;
        lock (_read)
        {
            if (_cache.TryGetValue((name, version), out s) && Fresh(s)) return s;
            var e = store.GetExperiment(name, version);
            if (e is null) return null;
            var started = DateTime.UtcNow;
            s = new TrialSnapshot(e, store.GetTrials(e.Name, e.Version), started) { ReadTime = DateTime.UtcNow - started };
            _cache[(name, version)] = s;
            return s;
        }
    }

    /// <summary>The latest version of every experiment, by name.</summary>
    public IReadOnlyList<TrialSnapshot> All() =>
        [.. store.ListExperiments().Select(e => e.Name).Distinct().Order(StringComparer.Ordinal).Select(n => Get(n, null)).OfType<TrialSnapshot>()];

    private bool Fresh(TrialSnapshot s)
    {
        var age = DateTime.UtcNow - s.ReadUtc;
        return age < maxAge || age < 4 * s.ReadTime;
    }
}
