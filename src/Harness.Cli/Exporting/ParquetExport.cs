using Parquet;
using Parquet.Schema;

namespace Harness.Cli.Exporting;

/// <summary>
/// Apache Parquet (Parquet.Net): one row group, one column per export column, typed as the column is (int64, double
/// or UTF-8 string, all nullable), so pandas, polars, DuckDB or Spark read numbers as numbers.
/// </summary>
internal static class ParquetExport
{
    public static void Write(ExportTable table, Stream output) => WriteAsync(table, output).GetAwaiter().GetResult();

    private static async Task WriteAsync(ExportTable table, Stream output)
    {
        var fields = table.Columns.Select(Field).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output);
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < fields.Length; c++)
        {
            var values = table.Column(c);
            if (table.Columns[c].Type == typeof(long))
                await group.WriteAsync<long>(fields[c], new ReadOnlyMemory<long?>([.. values.Select(v => (long?)v)]));
            else if (table.Columns[c].Type == typeof(double))
                await group.WriteAsync<double>(fields[c], new ReadOnlyMemory<double?>([.. values.Select(v => (double?)v)]));
            else
                await group.WriteAsync(fields[c], (IReadOnlyCollection<string?>)[.. values.Select(v => (string?)v)]);
        }
        group.CompleteValidate();
    }

    private static DataField Field(ExportColumn c) =>
        c.Type == typeof(long) ? new DataField<long?>(c.Name)
        : c.Type == typeof(double) ? new DataField<double?>(c.Name)
        : new DataField<string>(c.Name);
}
