using System.Globalization;
using Microsoft.Data.Analysis;

namespace Harness.Data;

/// <summary>
/// A classification set from a CSV file with a header row: one label column (any text; the distinct values,
/// sorted numerically when all are numbers and ordinally otherwise, become classes 0..k-1, kept as
/// <see cref="Dataset.ClassNames"/>) and numeric feature
/// columns (invariant culture: '.' decimal point). Read with <c>DataFrame.LoadCsv</c>
/// with every column typed as string, then parsed here so a bad cell is reported by row, column and value.
/// </summary>
public static class CsvDataset
{
    /// <summary>Loads the file; errors name the file and, for bad cells, the line, column and value.</summary>
    public static Dataset Load(string path, string labelColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        var file = System.IO.Path.GetFileName(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: CSV file not found", path);
        var header = File.ReadLines(path).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(header)) throw new InvalidDataException($"{file}: empty file; expected a header row");
        int columns = header.Split(',').Length;

        DataFrame frame;
        try
        {
            frame = DataFrame.LoadCsv(path, separator: ',', header: true,
                dataTypes: Enumerable.Repeat(typeof(string), columns).ToArray(), cultureInfo: CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{file}: not a well-formed CSV file with {columns} columns: {ex.Message}", ex);
        }

        var names = frame.Columns.Select(c => c.Name).ToList();
        int labelIndex = names.IndexOf(labelColumn);
        if (labelIndex < 0)
            throw new InvalidDataException($"{file}: no column '{labelColumn}'; columns are {string.Join(", ", names)}");
        if (names.Count < 2) throw new InvalidDataException($"{file}: needs at least one feature column besides '{labelColumn}'");
        long rows = frame.Rows.Count;
        if (rows == 0) throw new InvalidDataException($"{file}: no data rows after the header");

        // features: (rows, columns - 1) row-major, in file column order without the label column
        int d = names.Count - 1;
        var x = new float[checked(rows * d)];
        var rawLabels = new string[rows];
        for (int c = 0, j = 0; c < names.Count; c++)
        {
            var col = (StringDataFrameColumn)frame.Columns[c];
            for (long r = 0; r < rows; r++)
            {
                var cell = col[r];
                // Line numbers count the header as line 1, so data row r sits on line r + 2.
                if (string.IsNullOrWhiteSpace(cell))
                    throw new InvalidDataException($"{file}: line {r + 2} (data row {r + 1}), column '{names[c]}': empty value");
                if (c == labelIndex) { rawLabels[r] = cell.Trim(); continue; }
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
                    throw new InvalidDataException(
                        $"{file}: line {r + 2} (data row {r + 1}), column '{names[c]}': '{cell}' is not a finite number (use '.' as decimal point)");
                x[r * d + j] = v;
            }
            if (c != labelIndex) j++;
        }

        var classes = rawLabels.Distinct(StringComparer.Ordinal).ToList();
        if (classes.Count < 2)
            throw new InvalidDataException($"{file}: column '{labelColumn}' holds only one distinct value ('{classes[0]}'); a classification set needs at least 2 classes");
        bool numeric = classes.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        classes = numeric
            ? [.. classes.OrderBy(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))]
            : [.. classes.Order(StringComparer.Ordinal)];
        var index = classes.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        var y = rawLabels.Select(s => index[s]).ToArray();
        return new Dataset(System.IO.Path.GetFileNameWithoutExtension(path), x, d, y, classes.Count) { ClassNames = classes };
    }
}
