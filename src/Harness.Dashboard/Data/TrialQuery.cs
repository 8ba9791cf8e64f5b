using Harness.Dashboard.Api;
using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>
/// The trial table's server side: filter (every whitespace-separated term must occur in the row's text: number,
/// state, seed, host, error, name=value of each parameter; case-insensitive), an optional state, a sort column and
/// one page. Sort keys: <see cref="Columns"/> or <c>p:NAME</c> for a parameter; missing values sort last either way.
/// </summary>
internal sealed record TrialQuery(string? Filter, TrialState? State, string Sort, bool Descending, int Offset, int Limit)
{
    public const int MaxLimit = 1000;

    public static IReadOnlyList<string> Columns { get; } =
        ["number", "state", "val_acc", "test_acc", "val_loss", "best_epoch", "epochs", "seconds", "seed", "host"];

    /// <summary>Reads the query string; a bad value is a message naming the field, the value and what is allowed.</summary>
    public static TrialQuery Parse(string? filter, string? state, string? sort, string? order, string? offset, string? limit, out string? error)
    {
        error = null;
        TrialState? s = null;
        if (!string.IsNullOrWhiteSpace(state) && (s = TrialStates.Parse(state)) is null)
            error = $"state '{state}' is not a trial state; use one of {string.Join(", ", TrialStates.Names)}";
        var sortKey = string.IsNullOrWhiteSpace(sort) ? "number" : sort.Trim();
        if (!Columns.Contains(sortKey) && !sortKey.StartsWith("p:", StringComparison.Ordinal))
            error ??= $"sort '{sort}' is not a column; use one of {string.Join(", ", Columns)} or p:PARAMETER";
        var desc = order?.Trim().ToLowerInvariant() switch
        {
            null or "" or "asc" => false,
            "desc" => true,
            _ => Fail(ref error, $"order '{order}' is not allowed; use asc or desc"),
        };
        int off = Int("offset", offset, 0, int.MaxValue, 0, ref error);
        int lim = Int("limit", limit, 1, MaxLimit, 100, ref error);
        return new TrialQuery(filter, s, sortKey, desc, off, lim);
    }

    /// <summary>The page of <paramref name="snapshot"/> this query selects.</summary>
    public TrialPageDto Apply(TrialSnapshot snapshot)
    {
        var terms = (Filter ?? "").ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<int>(snapshot.Trials.Count);
        for (int i = 0; i < snapshot.Trials.Count; i++)
        {
            if (State is { } st && snapshot.Trials[i].State != st) continue;
            var text = snapshot.SearchText[i];
            if (terms.All(term => text.Contains(term, StringComparison.Ordinal))) kept.Add(i);
        }
        var ordered = TrialOrder.Sort(snapshot, kept, Sort, Descending);
        var rows = ordered.Skip(Offset).Take(Limit).Select(i => Rows.Row(snapshot, i)).ToList();
        return new TrialPageDto(snapshot.Experiment.Name, snapshot.Experiment.Version, snapshot.Stamp, snapshot.Trials.Count,
            kept.Count, Offset, Limit, Sort, Descending, snapshot.ParamNames, snapshot.Counts(), rows);
    }

    /// <summary>
    /// Why this query does not fit <paramref name="snapshot"/> (a sort by a parameter the experiment does not search),
    /// or null when it fits.
    /// </summary>
    public string? Unknown(TrialSnapshot snapshot)
    {
        if (!Sort.StartsWith("p:", StringComparison.Ordinal) || snapshot.ParamNames.Contains(Sort[2..])) return null;
        var e = snapshot.Experiment;
        var known = snapshot.ParamNames.Count == 0 ? "it searches none" : "use one of " + string.Join(", ", snapshot.ParamNames.Select(n => "p:" + n));
        return $"sort '{Sort}' is not a parameter of {e.Name} v{e.Version}; {known}";
    }

    private static int Int(string field, string? text, int min, int max, int fallback, ref string? error)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, out var v) && v >= min && v <= max) return v;
        error ??= $"{field} '{text}' is not allowed; use a whole number from {min} to {max}";
        return fallback;
    }

    private static bool Fail(ref string? error, string message)
    {
        error ??= message;
        return false;
    }
}
