namespace Harness.Cli.Tests;

/// <summary>`compare --out`: the table in every format and the comparison figures, written into a folder.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Out_writes_the_tables_and_figures_beside_the_table_it_prints()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var folder = _dir.File(Path.Combine("made", "cmp"));
        var (exit, output, err) = CliHarness.Run("compare", "alpha@1", "alpha", "--format", "md", "--out", folder, "--db", db);
        Assert.True(exit == 0, err);
        Assert.Contains("| alpha@1 | alpha |", output);
        Assert.Contains($"wrote 8 files in {folder}", output);
        Assert.Equal(output[..output.IndexOf("wrote", StringComparison.Ordinal)], File.ReadAllText(Path.Combine(folder, "test_acc.md")));
        foreach (var f in new[] { "test_acc.txt", "test_acc.csv", "test_acc.tex", "configurations_test_acc.png", "configurations_test_acc.svg", "history.png", "history.svg" })
            Assert.True(File.Exists(Path.Combine(folder, f)), f);
    }

    [Fact]
    public void Out_refuses_a_file_before_reading_the_store()
    {
        var file = _dir.File("plain.txt");
        File.WriteAllText(file, "keep");
        var (exit, output, err) = CliHarness.Run("compare", "alpha", "--out", file, "--db", _dir.File("none.db"));
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--out: '{file}' is a file; give a folder (created when missing)", err);
        Assert.Equal("", output);
        Assert.Equal("keep", File.ReadAllText(file));
    }
}
