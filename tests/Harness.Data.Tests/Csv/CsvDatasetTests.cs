namespace Harness.Data.Tests.Csv;

public sealed class CsvDatasetTests
{
    [Fact]
    public void Good_file_maps_labels_and_keeps_feature_order()
    {
        using var dir = new TempDir();
        var p = dir.File("iris-ish.csv");
        File.WriteAllText(p, "a,species,b\n1.5,setosa,2\n-3e-1,virginica,4.25\n7,setosa,8\n");
        var d = CsvDataset.Load(p, "species");
        Assert.Equal(("iris-ish", 3, 2, 2), (d.Name, d.Count, d.FeatureCount, d.ClassCount));
        Assert.Equal([1.5f, 2f, -0.3f, 4.25f, 7f, 8f], d.Features);
        Assert.Equal([0, 1, 0], d.Labels!);
    }

    [Fact]
    public void Numeric_labels_sort_numerically()
    {
        using var dir = new TempDir();
        var p = dir.File("n.csv");
        File.WriteAllText(p, "x,y\n1,10\n2,9\n3,10\n4,2\n");
        Assert.Equal([2, 1, 2, 0], CsvDataset.Load(p, "y").Labels!);
    }

    [Fact]
    public void Bad_cell_names_file_line_column_and_value()
    {
        using var dir = new TempDir();
        var p = dir.File("bad.csv");
        File.WriteAllText(p, "a,label,b\n1,x,2\n3,y,abc\n");
        var ex = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(p, "label"));
        Assert.Equal("bad.csv: line 3 (data row 2), column 'b': 'abc' is not a finite number (use '.' as decimal point)", ex.Message);
    }

    [Fact]
    public void Missing_label_column_lists_columns()
    {
        using var dir = new TempDir();
        var p = dir.File("c.csv");
        File.WriteAllText(p, "a,b\n1,2\n");
        var ex = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(p, "class"));
        Assert.Equal("c.csv: no column 'class'; columns are a, b", ex.Message);
    }

    [Fact]
    public void Empty_cell_names_line_and_column()
    {
        using var dir = new TempDir();
        var p = dir.File("e.csv");
        File.WriteAllText(p, "a,label\n1,x\n,y\n");
        var ex = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(p, "label"));
        Assert.Equal("e.csv: line 3 (data row 2), column 'a': empty value", ex.Message);
    }
}
