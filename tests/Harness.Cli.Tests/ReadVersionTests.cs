namespace Harness.Cli.Tests;

/// <summary>The reading commands take --version (compare: NAME@VERSION); the default is the latest version.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ReadVersionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Table_reads_the_version_asked_for_and_the_latest_by_default()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, latest, _) = CliHarness.Run("table", "alpha", "--format", "csv", "--db", db);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("87.5", latest);
        (exit, var first, _) = CliHarness.Run("table", "alpha", "--format", "csv", "--version", "1", "--db", db);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("62.5", first);
        Assert.DoesNotContain("87.5", first);

        (exit, _, var err) = CliHarness.Run("table", "alpha", "--version", "5", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("experiment 'alpha' version 5 is not in the store", err);
    }

    [Fact]
    public void Compare_takes_name_at_version_and_refuses_a_bad_version()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, output, err) = CliHarness.Run("compare", "alpha@1", "alpha", "--format", "csv", "--db", db);
        Assert.True(exit == 0, err);
        Assert.Contains("alpha@1", output);
        Assert.Contains("62.5", output);
        Assert.Contains("87.5", output);

        (exit, _, err) = CliHarness.Run("compare", "alpha@x", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("'alpha@x': after '@' comes a version number >= 1, e.g. alpha@2", err);
    }

    [Fact]
    public void Every_reading_command_that_names_one_experiment_has_a_version_option()
    {
        foreach (var name in new[] { "show", "best", "export", "table", "report", "delete" })
        {
            var command = CommandRegistry.All().Single(c => c.Name == name);
            Assert.Contains(command.Options, o => o.Name == "--version");
        }
    }
}
