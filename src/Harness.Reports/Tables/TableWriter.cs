using System.Globalization;
using System.Text;
using Harness.Reports.Trials;

namespace Harness.Reports.Tables;

/// <summary>
/// Renders tables as aligned console text, Markdown, CSV (invariant culture, one number per column) or a LaTeX
/// tabular (plain \hline rules, special characters escaped). The best row is marked: "*" in console and
/// Markdown (bold there too), \textbf in LaTeX, an is_best column in CSV. A std over one trial is undefined: "–"
/// in text (the mean shown alone), an empty CSV cell.
/// </summary>
public static class TableWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(AccuracyTable t, TableFormat format)
    {
        int d = t.Metric.Decimals();
        if (format == TableFormat.Csv)
        {
            var head = t.KeyNames.Concat(["n", "mean", "std", "best"]).Concat(t.HasPublished ? ["published"] : []).Append("is_best");
            var body = t.Rows.Select(r => r.Keys.Concat([
                    r.N.ToString(Inv), F(r.Mean, 4), r.N > 1 ? F(r.Std, 4) : "", F(r.Best, 4)])
                .Concat(t.HasPublished ? [r.Published is { } p ? F(p, 2) : ""] : [])
                .Append(r.IsBest ? "1" : "0").ToList());
            return Csv(head.ToList(), body);
        }
        var header = t.KeyNames.Concat(["n", $"{t.Metric.Name()} mean ± std", "best"])
            .Concat(t.HasPublished ? ["published"] : []).ToList();
        var rows = t.Rows.Select(r => r.Keys.Select(TrialSet.Display).Concat([
                r.N.ToString(Inv), MeanStd(r.Mean, r.Std, r.N, d), F(r.Best, d)])
            .Concat(t.HasPublished ? [r.Published is { } p ? F(p, 2) : "–"] : []).ToList()).ToList();
        var marked = t.Rows.Select(r => r.IsBest).ToList();
        var caption = $"{t.Experiment}: {t.Metric.Label()} over seeds by {string.Join(", ", t.KeyNames)}";
        return Text(caption, header, rows, marked, format);
    }

    public static string Write(ComparisonTable t, TableFormat format)
    {
        int d = t.Metric.Decimals();
        var bestRows = Enumerable.Range(0, t.Experiments.Count).Select(t.BestRow).ToList();
        if (format == TableFormat.Csv)
        {
            var head = t.KeyNames.Concat(t.Experiments.SelectMany(e => new[] { $"{e}_n", $"{e}_mean", $"{e}_std" })).ToList();
            var body = t.Rows.Select(r => r.Keys.Concat(r.Cells.SelectMany(c => c is null
                ? new[] { "", "", "" }
                : [c.N.ToString(Inv), F(c.Mean, 4), c.N > 1 ? F(c.Std, 4) : ""])).ToList());
            return Csv(head, body);
        }
        var header = t.KeyNames.Concat(t.Experiments).ToList();
        var rows = t.Rows.Select((r, ri) => r.Keys.Select(TrialSet.Display).Concat(r.Cells.Select((c, ci) => c is null
            ? "–"
            : $"{MeanStd(c.Mean, c.Std, c.N, d)} (n={c.N})" + (bestRows[ci] == ri ? " *" : ""))).ToList()).ToList();
        var caption = $"{t.Metric.Label()} by {string.Join(", ", t.KeyNames)}: {string.Join(" vs ", t.Experiments)} (* best per experiment)";
        return Text(caption, header, rows, null, format);
    }

    private static string F(double x, int decimals) => x.ToString("F" + decimals, Inv);

    /// <summary><c>mean ± std</c> with <paramref name="decimals"/> decimals; <c>mean ± –</c> when n is 1 (no spread to show).</summary>
    internal static string MeanStd(double mean, double std, int n, int decimals) =>
        $"{F(mean, decimals)} ± {(n > 1 ? F(std, decimals) : "–")}";

    private static string Text(string caption, List<string> header, List<List<string>> rows, List<bool>? marked, TableFormat format) =>
        format switch
        {
            TableFormat.Markdown => Markdown(caption, header, rows, marked),
            TableFormat.Latex => Latex(caption, header, rows, marked),
            _ => Console(caption, header, rows, marked),
        };

    private static string Console(string caption, List<string> header, List<List<string>> rows, List<bool>? marked)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, c) => all.Max(r => r[c].Length)).ToList();
        var sb = new StringBuilder().AppendLine(caption);
        string Line(List<string> r, string mark) =>
            (mark + string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c])))).TrimEnd();
        sb.AppendLine(Line(header, "  "));
        sb.AppendLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        for (int i = 0; i < rows.Count; i++) sb.AppendLine(Line(rows[i], marked?[i] == true ? "* " : "  "));
        if (marked is not null) sb.AppendLine("* best mean");
        return sb.ToString();
    }

    private static string Markdown(string caption, List<string> header, List<List<string>> rows, List<bool>? marked)
    {
        static string Cell(string s) => s.Replace("|", "\\|");
        var sb = new StringBuilder().AppendLine($"**{Cell(caption)}**").AppendLine();
        sb.AppendLine("| " + string.Join(" | ", header.Select(Cell)) + " |");
        sb.AppendLine("|" + string.Join("|", header.Select(_ => "---")) + "|");
        for (int i = 0; i < rows.Count; i++)
        {
            bool best = marked?[i] == true;
            sb.AppendLine("| " + string.Join(" | ", rows[i].Select((c, j) =>
                best ? (j == 0 ? "\\* " : "") + $"**{Cell(c)}**" : Cell(c))) + " |");
        }
        if (marked is not null) sb.AppendLine().AppendLine("\\* best mean (bold)");
        return sb.ToString();
    }

    private static string Latex(string caption, List<string> header, List<List<string>> rows, List<bool>? marked)
    {
        var sb = new StringBuilder();
        sb.AppendLine("% " + caption.Replace("\n", " "));
        sb.AppendLine("\\begin{table}[ht]");
        sb.AppendLine("\\centering");
        sb.AppendLine("\\begin{tabular}{" + string.Concat(header.Select((_, i) => i == 0 ? "|l|" : "l|")) + "}");
        sb.AppendLine("\\hline");
        sb.AppendLine(string.Join(" & ", header.Select(LatexEscape)) + " \\\\");
        sb.AppendLine("\\hline");
        for (int i = 0; i < rows.Count; i++)
        {
            bool best = marked?[i] == true;
            sb.AppendLine(string.Join(" & ", rows[i].Select(c => best ? "\\textbf{" + LatexEscape(c) + "}" : LatexEscape(c))) + " \\\\");
        }
        sb.AppendLine("\\hline");
        sb.AppendLine("\\end{tabular}");
        sb.AppendLine("\\caption{" + LatexEscape(caption) + (marked is null ? "" : "; best mean in bold") + "}");
        sb.AppendLine("\\end{table}");
        return sb.ToString();
    }

    /// <summary>Escapes LaTeX special characters (and ± and the en dash) for text mode.</summary>
    public static string LatexEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char ch in s)
            sb.Append(ch switch
            {
                '\\' => "\\textbackslash{}",
                '&' => "\\&",
                '%' => "\\%",
                '$' => "\\$",
                '#' => "\\#",
                '_' => "\\_",
                '{' => "\\{",
                '}' => "\\}",
                '~' => "\\textasciitilde{}",
                '^' => "\\textasciicircum{}",
                '±' => "$\\pm$",
                '–' => "--",
                '<' => "\\textless{}",
                '>' => "\\textgreater{}",
                _ => ch.ToString(),
            });
        return sb.ToString();
    }

    private static string Csv(List<string> header, IEnumerable<List<string>> rows)
    {
        static string Q(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        var sb = new StringBuilder();
        sb.Append(string.Join(",", header.Select(Q))).Append('\n');
        foreach (var r in rows) sb.Append(string.Join(",", r.Select(Q))).Append('\n');
        return sb.ToString();
    }
}
