using System.Globalization;

namespace Harness.Sweeps;

/// <summary>Turns depth/width/widths into hidden layer lists: enumerated for grid search, drawn for random search.</summary>
internal static class Architecture
{
    /// <summary>Every (params, hidden JSON) the architecture dimensions allow, depth outermost; one empty entry when the space has none.</summary>
    public static IEnumerable<(List<KeyValuePair<string, string>> Params, string? Hidden)> Enumerate(SearchSpace space, int baseDepth)
    {
        if (!space.SearchesArchitecture) { yield return ([], null); yield break; }
        var depths = space.Depth?.Enumerate() ?? [baseDepth.ToString(CultureInfo.InvariantCulture)];
        foreach (var depthText in depths)
        {
            int depth = int.Parse(depthText, CultureInfo.InvariantCulture);
            var head = new List<KeyValuePair<string, string>>();
            if (space.Depth is not null) head.Add(new(SearchSpace.DepthName, depthText));
            if (space.Width is { } width)
            {
                foreach (var w in width.Enumerate())
                    yield return ([.. head, new(SearchSpace.WidthName, w), new(SearchSpace.HiddenName, Hidden(Enumerable.Repeat(w, depth)))],
                        Hidden(Enumerable.Repeat(w, depth)));
            }
            else
            {
                var values = space.Widths!.Enumerate();
                foreach (var combo in Product(Enumerable.Repeat(values, depth).ToList()))
                    yield return ([.. head, new(SearchSpace.HiddenName, Hidden(combo))], Hidden(combo));
            }
        }
    }

    /// <summary>One draw; depth first, then the width(s) it needs.</summary>
    public static (List<KeyValuePair<string, string>> Params, string? Hidden) Sample(SearchSpace space, int baseDepth, Random rng)
    {
        if (!space.SearchesArchitecture) return ([], null);
        var p = new List<KeyValuePair<string, string>>();
        int depth = baseDepth;
        if (space.Depth is { } d)
        {
            var text = d.Sample(rng);
            depth = int.Parse(text, CultureInfo.InvariantCulture);
            p.Add(new(SearchSpace.DepthName, text));
        }
        string[] widths;
        if (space.Width is { } width)
        {
            var w = width.Sample(rng);
            p.Add(new(SearchSpace.WidthName, w));
            widths = Enumerable.Repeat(w, depth).ToArray();
        }
        else
        {
            widths = new string[depth];
            for (int i = 0; i < depth; i++) widths[i] = space.Widths!.Sample(rng);
        }
        var hidden = Hidden(widths);
        p.Add(new(SearchSpace.HiddenName, hidden));
        return (p, hidden);
    }

    private static string Hidden(IEnumerable<string> widths) => "[" + string.Join(",", widths) + "]";

    /// <summary>Cartesian product, last list varying fastest.</summary>
    public static IEnumerable<string[]> Product(IReadOnlyList<IReadOnlyList<string>> lists)
    {
        if (lists.Any(l => l.Count == 0)) yield break;
        var index = new int[lists.Count];
        while (true)
        {
            var item = new string[lists.Count];
            for (int i = 0; i < lists.Count; i++) item[i] = lists[i][index[i]];
            yield return item;
            int k = lists.Count - 1;
            while (k >= 0 && ++index[k] == lists[k].Count) { index[k] = 0; k--; }
            if (k < 0) yield break;
        }
    }
}
