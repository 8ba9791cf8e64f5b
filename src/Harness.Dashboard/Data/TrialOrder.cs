using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>
/// Sorts trial indexes by one column, numbers as numbers (a parameter whose values are all numbers too), text
/// case-insensitively; trials without a value go last in both directions; ties keep trial number order.
/// </summary>
internal static class TrialOrder
{
    public static IReadOnlyList<int> Sort(TrialSnapshot s, IReadOnlyList<int> indexes, string column, bool descending)
    {
        var keys = new (double? Number, string? Text)[s.Trials.Count];
        foreach (var i in indexes) keys[i] = Key(s, i, column);
        var sorted = indexes.ToArray();
        Array.Sort(sorted, (a, b) =>
        {
            var c = Compare(keys[a], keys[b], descending);
            return c != 0 ? c : s.Trials[a].Number.CompareTo(s.Trials[b].Number);
        });
        return sorted;
    }

    private static int Compare((double? Number, string? Text) x, (double? Number, string? Text) y, bool descending)
    {
        bool xMissing = x.Number is null && x.Text is null, yMissing = y.Number is null && y.Text is null;
        if (xMissing || yMissing) return xMissing.CompareTo(yMissing);
        int c = x.Number is { } a && y.Number is { } b ? a.CompareTo(b) : string.Compare(x.Text, y.Text, StringComparison.OrdinalIgnoreCase);
        return descending ? -c : c;
    }

    private static (double?, string?) Key(TrialSnapshot s, int i, string column)
    {
        var t = s.Trials[i];
        return column switch
        {
            "number" => (t.Number, null),
            "state" => ((int)t.State, null),
            "val_acc" => (Numbers.Finite(t.ValidationAccuracy), null),
            "test_acc" => (Numbers.Finite(t.TestAccuracy), null),
            "val_loss" => (Numbers.Finite(t.ValidationLoss), null),
            "best_epoch" => (t.BestEpoch, null),
            "epochs" => (t.EpochsRun, null),
            "seconds" => (Numbers.Finite(t.Seconds), null),
            "seed" => (t.Seed, null),
            "host" => (null, t.Host),
            _ => ParamKey(s, i, column[2..]),
        };
    }

    private static (double?, string?) ParamKey(TrialSnapshot s, int i, string name)
    {
        int p = s.ParamIndex(name);
        if (p < 0 || s.ParamValues[i][p] is not { } text) return (null, null);
        return s.ParamNumeric[p] && Numbers.TryParse(text, out var v) ? (v, null) : (null, text);
    }
}
