using System.Globalization;
using Harness.Store;

namespace Harness.Cli.Sweeping;

/// <summary>Short texts for trials, shared by the progress displays and the reading commands.</summary>
internal static class TrialText
{
    /// <summary><c>depth=2 learning_rate=0.1 seed=3</c>: searched values and the seed.</summary>
    public static string Params(TrialRecord t) =>
        string.Join(" ", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")
            .Append($"seed={t.Seed}"));

    public static string Percent(double? v) => v is { } x ? x.ToString("P2", CultureInfo.InvariantCulture) : "-";

    public static string State(TrialState s) => s.ToString().ToLowerInvariant();
}
