using System.Globalization;
using Harness.Store;

namespace Harness.Cli.Sweeping;

/// <summary>Short texts for trials, shared by the progress displays and the reading commands.</summary>
internal static class TrialText
{
    /// <summary>
    /// <c>depth=2 learning_rate=0.1 seed=3</c>: searched values and the seed, fractional numbers to 4 significant
    /// figures (<c>dropout=0.01244</c>, not 0.012438000185619108); `export` keeps the full values.
    /// </summary>
    public static string Params(TrialRecord t) =>
        string.Join(" ", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Value(p.Value)}")
            .Append($"seed={t.Seed}"));

    /// <summary>A stored parameter value for reading: a fractional number to 4 significant figures, anything else unchanged.</summary>
    public static string Value(string stored) =>
        double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x != Math.Floor(x)
            ? x.ToString("G4", CultureInfo.InvariantCulture)
            : stored;

    public static string Percent(double? v) => v is { } x ? x.ToString("P2", CultureInfo.InvariantCulture) : "-";

    /// <summary>How many trials are in each state that has any, in the states' order: <c>2 complete, 1 failed</c>.</summary>
    public static string StateCounts(Func<TrialState, int> count) =>
        string.Join(", ", Enum.GetValues<TrialState>().Where(x => count(x) > 0).Select(x => $"{count(x)} {x.Name()}"));

    /// <summary><paramref name="trials"/> counted, then by state: <c>3 trials: 1 complete, 2 pending</c> (<c>0 trials</c> when none).</summary>
    public static string Counted(IReadOnlyList<TrialRecord> trials)
    {
        var states = StateCounts(x => trials.Count(t => t.State == x));
        return $"{trials.Count} trials{(states.Length > 0 ? ": " + states : "")}";
    }

    /// <summary>The trial's state, with the epoch of its checkpoint when <paramref name="checkpoints"/> (by trial id) has one: <c>interrupted, checkpoint 12</c>.</summary>
    public static string State(TrialRecord t, IReadOnlyDictionary<long, int> checkpoints) =>
        checkpoints.TryGetValue(t.Id, out int epoch) ? $"{t.State.Name()}, checkpoint {epoch}" : t.State.Name();
}
