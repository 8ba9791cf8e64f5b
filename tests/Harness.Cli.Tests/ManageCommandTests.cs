using Harness.Cli.Commands;
using Harness.Cli.Usage;
using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>`delete` and `rename`: confirmation, --yes, refusals, and what the store holds afterwards.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ManageCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<ExperimentRecord> Experiments(string db)
    {
        using var store = LiteDbExperimentStore.OpenReadOnly(db);
        return store.ListExperiments();
    }

    [Fact]
    public void Delete_with_yes_removes_one_version_and_then_the_whole_experiment()
    {
        var db = TestStores.Create(_dir.File("h.db"));

        var (exit, output, err) = CliHarness.Run("delete", "alpha", "--version", "1", "--yes", "--db", db);
        Assert.Equal((CliRunner.ExitOk, ""), (exit, err));
        Assert.Contains("deleted version 1 of experiment 'alpha': 2 trials", output);
        Assert.Equal([("alpha", 2), ("beta", 1)], Experiments(db).Select(e => (e.Name, e.Version)));

        (exit, output, _) = CliHarness.Run("delete", "alpha", "-y", "--db", db);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Equal(["beta"], Experiments(db).Select(e => e.Name));
    }

    [Fact]
    public void Delete_without_yes_and_without_a_terminal_is_refused_with_exit_2_and_deletes_nothing()
    {
        // The test host's standard input is not a terminal, as in a script or CI.
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, _, err) = CliHarness.Run("delete", "alpha", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("standard input is not a terminal", err);
        Assert.Contains("--yes", err);
        Assert.Equal(3, Experiments(db).Count);
    }

    [Theory]
    [InlineData("n\n", false)]
    [InlineData("\n", false)]
    [InlineData("yes\n", true)]
    [InlineData("Y\n", true)]
    public void The_confirmation_goes_ahead_only_on_yes(string typed, bool expected)
    {
        var asked = new StringWriter();
        Assert.Equal(expected, Confirmation.Ask("delete it?", yes: false, interactive: true, new StringReader(typed), asked, "delete"));
        Assert.Equal("delete it? [y/N] ", asked.ToString());
    }

    [Fact]
    public void Answering_no_deletes_nothing()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        using var store = new LiteDbExperimentStore(db);
        string? question = null;
        var output = new StringWriter();
        Assert.Equal(0, DeleteCommand.Run(store, "alpha", null, q => { question = q; return false; }, output));
        Assert.Equal("delete experiment 'alpha' (all 2 versions) with its 4 trials, their epochs and models?", question);
        Assert.Contains("nothing deleted", output.ToString());
        Assert.Equal(2, store.ListExperiments().Count(e => e.Name == "alpha"));
    }

    [Fact]
    public void Delete_is_refused_while_a_sweep_runs_a_trial_of_the_experiment()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        using (var store = new LiteDbExperimentStore(db))
            Assert.True(store.TryClaim(store.GetTrials("alpha")[1].Id, "cpu", "cpu", out _)); // this live process holds it

        var (exit, _, err) = CliHarness.Run("delete", "alpha", "--yes", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("cannot delete experiment 'alpha'", err);
        Assert.Contains("running", err);
        Assert.Equal(3, Experiments(db).Count);
    }

    [Fact]
    public void Delete_of_an_unknown_experiment_or_version_names_the_known_ones()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, _, err) = CliHarness.Run("delete", "gamma", "--yes", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("experiment 'gamma' is not in the store; known: alpha, beta", err);
        (exit, _, err) = CliHarness.Run("delete", "alpha", "--version", "9", "--yes", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("version 9", err);
    }

    [Fact]
    public void Rename_moves_every_version_and_refuses_a_taken_or_bad_name()
    {
        var db = TestStores.Create(_dir.File("h.db"));

        var (exit, _, err) = CliHarness.Run("rename", "alpha", "beta", "--yes", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("'beta' is taken", err);
        (exit, _, err) = CliHarness.Run("rename", "alpha", "../x", "--yes", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("'../x' is not allowed", err);
        (exit, _, err) = CliHarness.Run("rename", "alpha", "alpha-2", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("--yes", err);

        (exit, var output, err) = CliHarness.Run("rename", "alpha", "alpha-2", "--yes", "--db", db);
        Assert.Equal((CliRunner.ExitOk, ""), (exit, err));
        Assert.Contains("renamed 'alpha' to 'alpha-2' (2 versions)", output);
        Assert.Equal([("alpha-2", 1), ("alpha-2", 2), ("beta", 1)], Experiments(db).Select(e => (e.Name, e.Version)));
        (exit, output, _) = CliHarness.Run("show", "alpha-2", "--version", "1", "--db", db);
        Assert.Equal(CliRunner.ExitOk, exit);
        Assert.Contains("alpha-2 v1: 2 trials", output);
    }
}
