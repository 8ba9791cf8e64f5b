using System.Globalization;

namespace Harness.Reports.Trials;

/// <summary>Helpers over a list of trials: which were searched, which finished, how to order values.</summary>
public static class TrialSet
{
    /// <summary>Names that are never grouping keys on their own (repeats of one configuration differ only there).</summary>
    private static readonly HashSet<string> NotKeys = ["seed", "repeat"];

    /// <summary>Complete trials that have the metric, as views.</summary>
    public static IReadOnlyList<TrialView> Complete(IEnumerable<TrialRecord> trials, Metric? metric = null) =>
        trials.Where(t => t.State == TrialState.Complete && (metric is null || metric.Value.Of(t) is not null))
              .Select(t => new TrialView(t)).ToList();

    /// <summary>Searched parameter names in first-seen order (seed excluded).</summary>
    public static IReadOnlyList<string> SearchedParams(IEnumerable<TrialRecord> trials)
    {
        var names = new List<string>();
        foreach (var t in trials)
            foreach (var k in t.Params.Keys)
                if (!NotKeys.Contains(k) && !names.Contains(k)) names.Add(k);
        return names;
    }

    /// <summary>
    /// The default grouping: the searched parameters whose value varies, with hidden replaced by depth and width
    /// when those two together tell the architectures apart (hidden left out where both are keys already, as when a
    /// sweep searches depth and width: [256,256] says no more than depth 2, width 256); "hidden" when nothing was searched.
    /// </summary>
    public static IReadOnlyList<string> DefaultKeys(IReadOnlyList<TrialView> trials)
    {
        var searched = SearchedParams(trials.Select(t => t.Record)).ToList();
        var keys = searched.Where(k => trials.Select(t => t.Value(k)).Distinct().Count() > 1).ToList();
        if (keys.Count == 0) keys = searched.Count > 0 ? searched : ["hidden"];
        // Convolutional trials always show their architecture label (c32k5-p2-d1024) unless a layers key does.
        if (trials.Any(t => t.Layers is not null) && !keys.Contains("layers") && !keys.Contains("hidden")) keys.Insert(0, "architecture");
        int h = keys.IndexOf("hidden");
        if (h >= 0)
        {
            var varying = new[] { "depth", "width" }.Where(k => trials.Select(t => t.Value(k)).Distinct().Count() > 1).ToList();
            int hiddenCount = trials.Select(t => t.Hidden).Distinct().Count();
            int pairCount = trials.Select(t => (t.Depth, t.Width)).Distinct().Count();
            if (varying.Count > 0 && pairCount == hiddenCount)
            {
                keys.RemoveAt(h);
                keys.InsertRange(h, varying.Where(k => !keys.Contains(k)));
            }
        }
        return keys;
    }

    /// <summary>
    /// Orders values numerically when all are numbers; as layer lists when all are lists of numbers (hidden widths:
    /// fewer layers first, then layer by layer, so [30] &lt; [100] &lt; [30,30]); else ordinally.
    /// </summary>
    public static IComparer<string> ValueComparer(IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.All(v => TrialView.TryNumber(v) is not null))
            return Comparer<string>.Create((a, b) => TrialView.TryNumber(a)!.Value.CompareTo(TrialView.TryNumber(b)!.Value));
        if (list.Count > 0 && list.All(v => NumberList(v) is not null))
            return Comparer<string>.Create((a, b) => CompareLists(NumberList(a)!, NumberList(b)!));
        return StringComparer.Ordinal;
    }

    private static double[]? NumberList(string s)
    {
        var t = s.Trim();
        if (t.Length < 2 || t[0] != '[' || t[^1] != ']') return null;
        var parts = t[1..^1].Split(',', StringSplitOptions.TrimEntries);
        if (parts is [""]) return [];
        var numbers = parts.Select(TrialView.TryNumber).ToArray();
        return numbers.All(n => n is not null) ? [.. numbers.Select(n => n!.Value)] : null;
    }

    private static int CompareLists(double[] a, double[] b)
    {
        if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        for (int i = 0; i < a.Length; i++)
            if (a[i].CompareTo(b[i]) is var c && c != 0) return c;
        return 0;
    }

    /// <summary>
    /// True when a parameter reads best on a log axis: learning rates and penalties by name, or any positive
    /// numeric values spanning at least two decades.
    /// </summary>
    public static bool IsLogScale(string name, IEnumerable<double> values)
    {
        var v = values.ToList();
        if (v.Count == 0 || v.Any(x => x <= 0)) return false;
        if (name is "learning_rate" or "lr" or "l2" or "l1" or "weight_decay" or "init_sigma" or "epsilon") return true;
        return v.Max() / v.Min() >= 100;
    }

    /// <summary>
    /// A parameter value as shown to a reader: a fractional number to 4 significant figures (0.012438000185619108
    /// reads 0.01244), anything else (whole numbers, lists, names) unchanged. Grouping and CSV keep the stored text.
    /// </summary>
    public static string Display(string value) =>
        TrialView.TryNumber(value) is { } x && double.IsFinite(x) && x != Math.Floor(x) ? Format(x) : value;

    /// <summary>Short invariant text for a number (up to 4 significant digits).</summary>
    public static string Format(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
