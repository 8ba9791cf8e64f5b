namespace Harness.Cli.Sweeping;

/// <summary>A plain left-aligned text table (stable when redirected, unlike a terminal-width renderer).</summary>
internal static class TextTable
{
    public static void Write(TextWriter w, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = new int[header.Count];
        foreach (var r in all)
            for (int i = 0; i < r.Count; i++) widths[i] = Math.Max(widths[i], r[i].Length);
        foreach (var r in all)
            w.WriteLine(string.Join("  ", r.Select((c, i) => i == r.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
    }
}
