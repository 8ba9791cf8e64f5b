namespace Harness.Cli.Sweeping;

/// <summary>
/// Fitting lines of the live sweep display to the terminal: a line wider than the terminal wraps, and the live
/// region then redraws over the wrong rows and leaves fragments, so every line it shows or prints above itself is
/// cut to the width first.
/// </summary>
internal static class TerminalFit
{
    /// <summary>The narrowest terminal the live display is laid out for; narrower ones get this width's layout.</summary>
    public const int MinimumWidth = 60;

    /// <summary>Width of the progress bar column.</summary>
    public const int BarWidth = 16;

    /// <summary>Width of the percentage column (<c>100%</c>).</summary>
    public const int PercentWidth = 4;

    /// <summary>Width of the elapsed-time column (<c>00:00:00</c>).</summary>
    public const int TimeWidth = 8;

    /// <summary>
    /// Width of the description column on a terminal <paramref name="consoleWidth"/> wide: what the fixed columns,
    /// the one-space gaps between the four columns and one spare column (no line ends on the last column, where
    /// terminals defer the wrap) leave.
    /// </summary>
    public static int DescriptionWidth(int consoleWidth) =>
        Math.Max(consoleWidth, MinimumWidth) - BarWidth - PercentWidth - TimeWidth - 3 - 1;

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="width"/> characters, ending in "…" where cut; line
    /// breaks become spaces so the text stays one line.
    /// </summary>
    public static string Fit(string text, int width)
    {
        var line = text.ReplaceLineEndings(" ");
        if (width <= 0) return "";
        return line.Length <= width ? line : string.Concat(line.AsSpan(0, width - 1), "…");
    }

    /// <summary>A line printed above the live region on a terminal <paramref name="consoleWidth"/> wide.</summary>
    public static string Line(string text, int consoleWidth) => Fit(text, Math.Max(consoleWidth, MinimumWidth) - 1);

    /// <summary>Indent of the continuation lines of a wrapped line.</summary>
    public const string Indent = "  ";

    /// <summary>
    /// <paramref name="text"/> broken at spaces into lines that each fit a terminal <paramref name="consoleWidth"/>
    /// wide (one spare column, as <see cref="Line"/>), lines after the first indented by <see cref="Indent"/>; a word
    /// longer than a whole line is cut with "…". Nothing is lost but such a word's end.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int consoleWidth)
    {
        int width = Math.Max(consoleWidth, MinimumWidth) - 1;
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.ReplaceLineEndings(" ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string prefix = lines.Count == 0 ? "" : Indent;
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
                prefix = Indent;
            }
            if (line.Length == 0) line.Append(prefix).Append(Fit(word, width - prefix.Length));
            else line.Append(' ').Append(word);
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString());
        return lines;
    }
}
