namespace Harness.Cli.Tests;

/// <summary>`show --top` and `show --state`: the best trials only, or those in some states.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ShowCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir.File("h.db");

    public void Dispose() => _dir.Dispose();

    /// <summary>Four xor trials; the learning rate of 1e6 diverges.</summary>
    private void Sweep()
    {
        var file = _dir.File("s.json");
        File.WriteAllText(file, """
            { "name": "s", "dataset": { "name": "xor", "samples": 200 },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "sgd", "batch_size": 20, "epochs": 3 },
              "search": { "space": { "learning_rate": [0.03, 0.1, 0.3, 1e6] } } }
            """);
        var (exit, output, err) = CliHarness.Run("sweep", file, "--db", Db);
        Assert.True(exit == 0, output + err);
    }

    private static List<string> Rows(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)];

    [Fact]
    public void Top_shows_the_best_trials_first_and_says_how_many_of_all()
    {
        Sweep();
        var all = Rows(CliHarness.Run("show", "s", "--db", Db).Out);
        Assert.Equal(4, all.Count);
        var (exit, output, _) = CliHarness.Run("show", "s", "--top", "2", "--db", Db);
        Assert.Equal(0, exit);
        Assert.StartsWith("s v1: 4 trials (spec ", output);
        Assert.Contains("; showing 2 (the first 2)", output.Split('\n')[0]);
        Assert.Equal(all.Take(2), Rows(output));
    }

    [Fact]
    public void State_keeps_the_trials_in_those_states_and_none_is_a_line_without_a_table()
    {
        Sweep();
        var (exit, output, _) = CliHarness.Run("show", "s", "--state", "diverged", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("showing 1 (diverged)", output);
        Assert.Single(Rows(output));
        Assert.Contains("learning_rate=1e6", Rows(output)[0]);
        Assert.Equal(3, Rows(CliHarness.Run("show", "s", "--state", "Complete, failed", "--db", Db).Out).Count);
        (exit, output, _) = CliHarness.Run("show", "s", "--state", "failed", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Equal("showing 0 (failed)", output.Trim().Split("; ")[^1]);
        Assert.Empty(Rows(output));
    }

    [Theory]
    [InlineData("--state", "done", "--state: 'done' is not a trial state; allowed: pending, running, complete, pruned, diverged, failed, interrupted")]
    [InlineData("--top", "0", "--top: 0 is not allowed; give a whole number of trials >= 1")]
    public void Bad_values_exit_2_naming_the_option(string option, string value, string expected)
    {
        var (exit, _, err) = CliHarness.Run("show", "s", option, value, "--db", Db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains(expected, err);
        Assert.False(File.Exists(Db));
    }
}
