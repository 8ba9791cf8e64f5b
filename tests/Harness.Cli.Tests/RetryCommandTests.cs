using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>`retry EXP`: failed trials back to pending, their errors printed, every other trial untouched.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class RetryCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The test store, with alpha v2's pending trial 1 claimed and failed after one epoch.</summary>
    private string StoreWithAFailure()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        using var store = new LiteDbExperimentStore(db);
        var trial = store.GetTrials("alpha", 2).Single(t => t.Number == 1);
        Assert.True(store.TryClaim(trial.Id, "cpu", "cpu", out _));
        store.AppendEpochs([TestStores.Epoch(trial.Id, 1)]);
        store.Finish(trial.Id, new TrialOutcome { State = TrialState.Failed, Seconds = 0.5, EpochsRun = 1, Error = "System.OutOfMemoryException: out of memory" });
        return db;
    }

    [Fact]
    public void Retry_puts_the_failed_trial_back_to_pending_printing_its_error_and_leaves_the_rest()
    {
        var db = StoreWithAFailure();
        List<TrialRecord> before;
        using (var store = LiteDbExperimentStore.OpenReadOnly(db)) before = [.. store.GetTrials("alpha", 2)];

        var status = CliHarness.Run("status", "alpha", "--db", db).Out;
        Assert.Contains("1 trial(s) failed: `harness show alpha` lists their errors; `harness retry alpha` puts them back to pending", status);

        var (exit, output, err) = CliHarness.Run("retry", "alpha", "--db", db);
        Assert.True(exit == 0, err);
        Assert.Contains("alpha v2: 1 failed trial(s) back to pending:", output);
        Assert.Contains("trial 1 (learning_rate=0.01 seed=2) had failed: System.OutOfMemoryException: out of memory", output);

        using (var store = LiteDbExperimentStore.OpenReadOnly(db))
        {
            var after = store.GetTrials("alpha", 2);
            Assert.Equal(TrialState.Pending, after[1].State);
            Assert.Null(after[1].Error);
            Assert.Empty(store.GetEpochs(after[1].Id));
            Assert.Equal(before[0].State, after[0].State); // the complete trial is as it was
            Assert.Equal(before[0].TestAccuracy, after[0].TestAccuracy);
            Assert.Equal(2, store.GetEpochs(after[0].Id).Count);
        }

        (exit, output, _) = CliHarness.Run("retry", "alpha", "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("alpha v2: no failed trial; nothing changed", output);
        Assert.DoesNotContain("failed:", CliHarness.Run("status", "alpha", "--db", db).Out);
    }

    [Fact]
    public void Retry_takes_a_version_and_names_the_known_experiments_for_an_unknown_one()
    {
        var db = StoreWithAFailure();
        var (exit, output, _) = CliHarness.Run("retry", "alpha", "--version", "1", "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("alpha v1: no failed trial; nothing changed", output);

        (exit, _, var err) = CliHarness.Run("retry", "gamma", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("'gamma' is not in the store; known: alpha, beta", err);
        (exit, _, err) = CliHarness.Run("retry", "alpha", "--db", _dir.File("none.db"));
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.False(File.Exists(_dir.File("none.db")));
    }

    [Fact]
    public void A_dry_run_points_to_retry_for_failed_trials_and_after_it_plans_them_again()
    {
        var file = _dir.File("xor-retry.json");
        File.WriteAllText(file, """
            { "name": "xor-retry", "dataset": { "name": "xor" }, "base": { "hidden": [2], "epochs": 1 },
              "search": { "space": { "learning_rate": [0.1, 0.2] } } }
            """);
        var db = _dir.File("retry.db");
        var spec = Harness.Sweeps.ExperimentFile.Load(file);
        using (var store = new LiteDbExperimentStore(db))
        {
            var e = store.OpenExperiment(spec.Name, spec.ToJson(), Harness.Sweeps.SpecHashes.For(store, spec), newVersion: false);
            var trials = store.EnsureTrials(spec.Name, e.Version, Harness.Sweeps.SweepPreview.Of(spec, null, newVersion: false).Trials);
            Assert.True(store.TryClaim(trials[1].Id, "cpu", "cpu", out _));
            store.Finish(trials[1].Id, new TrialOutcome { State = TrialState.Failed, Seconds = 0.1, Error = "boom" });
        }

        var (exit, output, err) = CliHarness.Run("sweep", file, "--db", db, "--dry-run");
        Assert.True(exit == 0, err);
        Assert.Matches(@"(?m)^1 +failed ", output);
        Assert.Contains("1 failed trial(s) of v1 stay failed; `harness retry xor-retry` puts them back to pending for the sweep to train", output);
        Assert.Contains("a sweep would train 1 trial(s)", output);

        Assert.Equal(0, CliHarness.Run("retry", "xor-retry", "--db", db).Exit);
        (exit, output, err) = CliHarness.Run("sweep", file, "--db", db, "--dry-run");
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("stay failed", output);
        Assert.Contains("a sweep would train 2 trial(s)", output);
        (exit, output, err) = CliHarness.Run("sweep", file, "--db", db);
        Assert.True(exit == 0, err + output);
        using var done = LiteDbExperimentStore.OpenReadOnly(db);
        Assert.All(done.GetTrials("xor-retry"), t => Assert.Equal(TrialState.Complete, t.State));
    }
}
