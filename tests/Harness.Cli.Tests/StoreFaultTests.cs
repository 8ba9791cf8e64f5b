using System.Diagnostics;
using System.Security.Cryptography;
using Harness.Store;
using Harness.TestSupport;

namespace Harness.Cli.Tests;

/// <summary>The store under faults, through the commands: a full disk, a --db that is not a store, missing folders.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class StoreFaultTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>12 trials on the XOR table, 200 epochs each: about 1 MB of store, in a few seconds.</summary>
    private string XorFile(string name)
    {
        var path = _dir.File(name + ".json");
        File.WriteAllText(path, $$"""
            {
              "name": "{{name}}",
              "dataset": { "name": "xor" },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 200 },
              "repeats": 2,
              "search": { "strategy": "grid", "space": { "width": [2, 4, 8], "learning_rate": [0.05, 0.1] } }
            }
            """);
        return path;
    }

    /// <summary>Runs the CLI as a child process; a run longer than <paramref name="limit"/> is killed and fails the test.</summary>
    private static (int Exit, string Output, TimeSpan Took) RunChild(TimeSpan limit, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var (exit, output) = CliProcess.Run(limit, args);
        return (exit, output, clock.Elapsed);
    }

    private static int Complete(string db, string experiment)
    {
        using var store = LiteDbExperimentStore.OpenReadOnly(db);
        return store.GetTrials(experiment).Count(t => t.State == TrialState.Complete);
    }

    [Fact]
    public void Disk_full_sweep_stops_with_a_clear_error_keeps_finished_trials_and_resumes_once_space_is_freed()
    {
        using var volume = SmallVolume.MountOrSkip(4096);
        var db = volume.File("harness.db");
        var file = XorFile("xorfull");
        // Room for the store's first trials and then some: the sweep runs into the 512 KiB the store keeps free.
        volume.LeaveFree(900 * 1024);
        var limit = TimeSpan.FromSeconds(90);

        var first = RunChild(limit, "sweep", file, "--db", db);
        Assert.Equal(CliRunner.ExitFailed, first.Exit);
        Assert.Contains($"error: disk full writing {db}:", first.Output);
        Assert.DoesNotContain("Unhandled exception", first.Output);
        Assert.DoesNotContain("   at ", first.Output);
        var kept = Complete(db, "xorfull");
        Assert.InRange(kept, 1, 11);

        // Still full: the store reads, and a rerun says the same without losing anything.
        var list = RunChild(limit, "list", "--db", db);
        Assert.Equal(CliRunner.ExitOk, list.Exit);
        Assert.Contains("xorfull", list.Output);
        var again = RunChild(limit, "sweep", file, "--db", db);
        Assert.Equal(CliRunner.ExitFailed, again.Exit);
        Assert.Contains($"error: disk full writing {db}:", again.Output);
        Assert.True(again.Took < TimeSpan.FromSeconds(30), $"the rerun took {again.Took}");
        Assert.Equal(kept, Complete(db, "xorfull"));

        volume.FreeSpace();
        var resumed = RunChild(limit, "sweep", file, "--db", db);
        Assert.True(resumed.Exit == CliRunner.ExitOk, resumed.Output);
        Assert.Equal(12, Complete(db, "xorfull"));
    }

    private static string Digest(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Theory]
    [InlineData("list")]
    [InlineData("show", "xor")]
    [InlineData("table", "xor")]
    [InlineData("export", "xor")]
    [InlineData("best", "xor")]
    [InlineData("sweep", "FILE")]
    public void A_db_that_is_not_a_store_is_refused_with_exit_2_and_left_untouched(params string[] command)
    {
        foreach (var (name, bytes) in new[] { ("notes.txt", "lr 0.1 looked best\n"u8.ToArray()), ("empty.db", []), ("noise.bin", new Random(3).GetItems<byte>([0, 7, 255, 42], 5000)) })
        {
            var db = _dir.File(name);
            File.WriteAllBytes(db, bytes);
            var before = Digest(db);
            string[] args = [.. command.Select(a => a == "FILE" ? XorFile("xor") : a), "--db", db];
            var (exit, _, err) = CliHarness.Run(args);
            Assert.True(exit == CliRunner.ExitBadInput, $"{string.Join(' ', args)}: exit {exit}: {err}");
            Assert.Contains($"error: not a harness store: {db} (", err);
            Assert.Equal(before, Digest(db));
        }
    }

    [Fact]
    public void A_db_in_folders_that_do_not_exist_creates_them_and_says_so()
    {
        var db = _dir.File(Path.Combine("new", "deeper", "h.db"));
        var (exit, output, err) = CliHarness.Run("sweep", XorFile("xor"), "--db", db);
        Assert.True(exit == CliRunner.ExitOk, err);
        Assert.Contains($"created folder {_dir.File("new")} for the results store", output);
        Assert.Contains($"created folder {_dir.File(Path.Combine("new", "deeper"))} for the results store", output);
        Assert.True(File.Exists(db));

        var (again, output2, _) = CliHarness.Run("sweep", XorFile("xor"), "--db", db);
        Assert.Equal(CliRunner.ExitOk, again);
        Assert.DoesNotContain("created folder", output2);
    }
}
