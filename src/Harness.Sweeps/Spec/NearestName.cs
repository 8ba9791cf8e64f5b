namespace Harness.Sweeps;

/// <summary>
/// "Did you mean ...?" for a mistyped field, option or command name: the candidate at the smallest edit distance
/// (Levenshtein, case-insensitive, '-' and '_' alike), when it is close enough to be a typo.
/// </summary>
public static class NearestName
{
    /// <summary>
    /// The nearest candidate within max(1, length / 3) edits of <paramref name="typed"/>, else the shortest candidate
    /// that <paramref name="typed"/> abbreviates (at least 3 characters: "val_acc" -> "val_accuracy"), else null.
    /// </summary>
    public static string? Suggest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(candidates);
        var key = Normal(typed);
        var limit = Math.Max(1, key.Length / 3);
        var list = candidates.Select(c => (Name: c, Key: Normal(c))).Where(c => c.Name != typed).ToList();
        return list.Select(c => (c.Name, Distance: Distance(key, c.Key)))
                   .Where(c => c.Distance <= limit).OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
                   .Select(c => c.Name).FirstOrDefault()
               ?? (key.Length >= 3
                   ? list.Where(c => c.Key.StartsWith(key, StringComparison.Ordinal)).OrderBy(c => c.Key.Length).Select(c => c.Name).FirstOrDefault()
                   : null);
    }

    /// <summary>" (did you mean 'x'?)" or "" when nothing is near; put right after the rejected name or value.</summary>
    public static string Hint(string typed, IEnumerable<string> candidates) =>
        Suggest(typed, candidates) is { } near ? $" (did you mean '{near}'?)" : "";

    private static string Normal(string s) => s.Trim().ToLowerInvariant().Replace('-', '_');

    /// <summary>Edits (insert, delete, substitute) turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
