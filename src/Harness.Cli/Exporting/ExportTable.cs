namespace Harness.Cli.Exporting;

/// <summary>A column of an export: its name and the type of its values (long, double or string; null allowed).</summary>
internal sealed record ExportColumn(string Name, Type Type);

/// <summary>Rows of typed values (long, double, string or null) under named columns; what csv and parquet write.</summary>
internal sealed record ExportTable(IReadOnlyList<ExportColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>The values of one column, top to bottom.</summary>
    public IEnumerable<object?> Column(int index) => Rows.Select(r => r[index]);
}
