namespace Harness.Cli.Tests;

/// <summary>
/// An output path that cannot be written as asked (a folder given for a file, a file for a folder, a path below a
/// file) is refused when the command line is read: exit 2 naming the option and the path, nothing run or written.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class OutputPathTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _folder, _file;

    public OutputPathTests()
    {
        _folder = Directory.CreateDirectory(_dir.File("taken")).FullName;
        _file = _dir.File("plain.txt");
        File.WriteAllText(_file, "keep");
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("export", "ex", "--out")]
    [InlineData("export", "ex", "--trial", "0", "--model")]
    [InlineData("best", "ex", "--out")]
    [InlineData("slurm", "x.json", "--workers", "1", "--script")]
    public void A_folder_given_for_an_output_file_is_refused(params string[] args)
    {
        var (exit, output, err) = CliHarness.Run([.. args, _folder]);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"{args[^1]}: '{_folder}' is a folder; give the path of a file", err);
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void Train_refuses_a_folder_for_its_model_before_it_trains()
    {
        var (exit, output, err) = CliHarness.Run("train", "--dataset", "xor", "--epochs", "1", "--out", _folder);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--out: '{_folder}' is a folder", err);
        Assert.DoesNotContain("epoch", output);
    }

    [Fact]
    public void A_path_below_a_file_is_refused_naming_the_file()
    {
        var below = Path.Combine(_file, "rows.csv");
        var (exit, _, err) = CliHarness.Run("export", "ex", "--out", below);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--out: '{below}' cannot be made: '{_file}' is a file, not a folder", err);
        Assert.Equal("keep", File.ReadAllText(_file));
    }

    [Theory]
    [InlineData("report", "ex", "--out")]
    [InlineData("doctor", "--kernel-cache")]
    public void A_file_given_for_an_output_folder_is_refused(params string[] args)
    {
        var (exit, _, err) = CliHarness.Run([.. args, _file]);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"{args[^1]}: '{_file}' is a file; give a folder", err);
        Assert.Equal("keep", File.ReadAllText(_file));
    }

    [Fact]
    public void A_store_path_that_is_a_folder_or_lies_below_a_file_is_refused_by_writing_and_reading_commands()
    {
        var experiment = _dir.File("xor.json");
        File.WriteAllText(experiment, """
            { "name": "xor-paths", "dataset": { "name": "xor", "samples": 40 }, "base": { "hidden": [2], "epochs": 1 },
              "search": { "space": { "learning_rate": [0.1] } } }
            """);
        var below = Path.Combine(_file, "h.db");

        var (exit, _, err) = CliHarness.Run("sweep", experiment, "--db", _folder);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--store: '{_folder}' is a folder; give the path of a file", err);
        (exit, _, err) = CliHarness.Run("list", "--db", _folder);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--store: '{_folder}' is a folder", err);
        (exit, _, err) = CliHarness.Run("sweep", experiment, "--db", below);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--store: '{below}' cannot be made: '{_file}' is a file, not a folder", err);
        Assert.Equal("keep", File.ReadAllText(_file));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void Store_copy_names_its_own_options_for_a_missing_source_and_a_folder_target()
    {
        var missing = _dir.File("none.db");
        var (exit, _, err) = CliHarness.Run("store", "copy", "--from", missing, "--to", _dir.File("to.db"));
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--from: no results store at '{missing}'", err);
        Assert.False(File.Exists(_dir.File("to.db")));

        var source = _dir.File("from.db");
        new Harness.Store.LiteDbExperimentStore(source).Dispose();
        (exit, _, err) = CliHarness.Run("store", "copy", "--from", source, "--to", _folder);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"--to: '{_folder}' is a folder; give the path of a file", err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }
}
