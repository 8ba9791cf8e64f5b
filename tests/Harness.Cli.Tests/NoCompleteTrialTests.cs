namespace Harness.Cli.Tests;

/// <summary>
/// `table`, `compare` and `best` on an experiment with no complete trial yet (a sweep still on its first trial, or every trial
/// diverged): one line saying so with the trials' states, not a stack trace.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class NoCompleteTrialTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Table_says_there_is_no_complete_trial_yet_and_exits_1_writing_nothing_to_standard_output()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, output, err) = CliHarness.Run("table", "beta", "--format", "md", "--db", db);
        Assert.Equal(CliRunner.ExitFailed, exit);
        Assert.Equal("", output);
        Assert.Equal("beta: no complete trial with test_acc yet, so no table (1 trials: 1 pending)", err.Trim());
    }

    [Fact]
    public void Best_says_so_on_standard_error_with_the_states_and_writes_no_config_file()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var config = _dir.File("best.json");
        var (exit, output, err) = CliHarness.Run("best", "beta", "--out", config, "--db", db);
        Assert.Equal(CliRunner.ExitFailed, exit);
        Assert.Equal("", output);
        Assert.Equal("beta v1: no complete trial yet, so no best configuration (1 trials: 1 pending)", err.Trim());
        Assert.False(File.Exists(config));
    }

    [Fact]
    public void Compare_leaves_an_empty_column_for_such_an_experiment_and_says_why()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, output, err) = CliHarness.Run("compare", "beta", "alpha", "--format", "csv", "--db", db);
        Assert.True(exit == 0, err);
        Assert.Contains("beta: no complete trial with test_acc yet", err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("beta", lines[0]);
        Assert.Contains("87.5", output);

        (exit, output, err) = CliHarness.Run("compare", "beta", "beta@1", "--db", db);
        Assert.Equal(CliRunner.ExitFailed, exit);
        Assert.Equal("", output);
        Assert.Contains("beta@1: no complete trial with test_acc yet", err);
    }
}
