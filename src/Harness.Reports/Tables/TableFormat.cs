namespace Harness.Reports.Tables;

/// <summary>Output formats for tables.</summary>
public enum TableFormat { Console, Markdown, Csv, Latex }

public static class TableFormats
{
    public static readonly IReadOnlyList<string> Names = ["console", "md", "csv", "latex"];

    /// <summary>Parses console | md | csv | latex.</summary>
    public static TableFormat Parse(string name)
    {
        int i = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        if (i < 0) throw new ArgumentException($"unknown table format '{name}'; allowed: {string.Join(", ", Names)}", nameof(name));
        return (TableFormat)i;
    }

    /// <summary>File extension (no dot) for writing a table in this format.</summary>
    public static string Extension(this TableFormat f) => f switch
    {
        TableFormat.Markdown => "md",
        TableFormat.Csv => "csv",
        TableFormat.Latex => "tex",
        _ => "txt",
    };
}
