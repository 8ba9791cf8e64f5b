using System.Globalization;
using System.Text;

namespace Harness.Cli.Exporting;

/// <summary>CSV (RFC 4180 quoting): numbers in invariant culture with full precision, an empty field for null.</summary>
internal static class CsvExport
{
    public static string Write(ExportTable table)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", table.Columns.Select(c => Quote(c.Name)))).Append('\n');
        foreach (var row in table.Rows) sb.Append(string.Join(",", row.Select(Field))).Append('\n');
        return sb.ToString();
    }

    private static string Field(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => Quote(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
