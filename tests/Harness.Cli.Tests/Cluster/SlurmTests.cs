using Harness.Store;

namespace Harness.Cli.Tests.Cluster;

/// <summary>
/// `harness slurm`: the sbatch script it writes (no server needed), and a real job array of 3 workers on the
/// one-node Slurm cluster .ci/cluster starts (HARNESS_TEST_SLURM and HARNESS_TEST_POSTGRES; skipped without them).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class SlurmTests : ClusterTest
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private const string Secret = "Pa55-never-shown";

    [Fact]
    public void The_script_is_a_job_array_of_workers_with_gpus_partition_time_and_throttle_and_no_password()
    {
        var script = Dir.File("job/tiny.sbatch");
        var (exit, output) = Run("slurm", ClusterRuns.Tiny(Dir), "--store", $"postgres://ml:{Secret}@db.example:6543/sweeps",
            "--workers", "16", "--gpus-per-worker", "1", "--partition", "gpu", "--time", "2:00:00", "--throttle", "4", "--lease", "90",
            "--script", script);
        Assert.True(exit == 0, output);
        var text = File.ReadAllText(script);
        foreach (var line in new[]
                 {
                     "#SBATCH --array=0-15%4", "#SBATCH --gres=gpu:1", "#SBATCH --partition=gpu", "#SBATCH --time=2:00:00",
                     "#SBATCH --job-name=harness-tiny", "--store 'postgres://ml@db.example:6543/sweeps' --lease 90 --engine cuda",
                 })
            Assert.Contains(line, text);
        Assert.Contains(" worker '" + Dir.File("tiny.json") + "'", text);
        Assert.DoesNotContain(Secret, text + output);
        Assert.Contains("sbatch " + script, output);
        Assert.DoesNotContain("--checkpoint-every", text); // the workers' own default

        var cpu = Dir.File("job/cpu.sbatch");
        (exit, output) = Run("slurm", ClusterRuns.Tiny(Dir), "--store", "postgres://ml@db.example/sweeps", "--workers", "4",
            "--checkpoint-every", "30.5", "--script", cpu);
        Assert.True(exit == 0, output);
        Assert.Contains("--lease 120 --checkpoint-every 30.5\n", File.ReadAllText(cpu));
    }

    [Theory]
    [InlineData("--workers", "0", "--workers: 0 is not allowed")]
    [InlineData("--time", "2h", "--time: '2h' is not allowed")]
    [InlineData("--partition", "gpu;rm", "--partition: 'gpu;rm' is not allowed")]
    [InlineData("--throttle", "0", "--throttle: 0 is not allowed")]
    [InlineData("--checkpoint-every", "-1", "--checkpoint-every: -1 is not allowed; give seconds from 0 (no checkpoints) to 86400")]
    public void Bad_job_options_are_refused_and_no_script_is_written(string option, string value, string expected)
    {
        var script = Dir.File("bad.sbatch");
        string[] args = ["slurm", ClusterRuns.Tiny(Dir), "--store", "postgres://ml@db.example/sweeps", "--script", script];
        var (exit, output) = Run([.. args, .. option == "--workers" ? Array.Empty<string>() : ["--workers", "2"], option, value]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, output);
        Assert.False(File.Exists(script));
    }

    [Fact]
    public void A_litedb_store_is_refused_for_a_cluster()
    {
        var (exit, output) = Run("slurm", ClusterRuns.Tiny(Dir), "--store", Dir.File("h.db"), "--workers", "2");
        Assert.Equal(2, exit);
        Assert.Contains("serves one machine only", output);
    }

    [Fact]
    public void A_submitted_job_array_of_3_workers_completes_the_sweep_and_table_reads_it()
    {
        ClusterServers.RequireSlurm();
        var uri = Servers.Fresh(ClusterServers.Postgres());
        var script = Dir.File("slurm/tiny.sbatch");
        var (exit, output) = CliProcess.Run(Limit, "slurm", ClusterRuns.Tiny(Dir), "--store", uri, "--workers", "3", "--lease", "20",
            "--script", script, "--submit");
        Assert.True(exit == 0, output);
        var jobId = output.Trim().Split('\n')[^1].Trim();
        Assert.Matches(@"^\d+$", jobId);
        Assert.DoesNotContain(ClusterServers.Password(uri), File.ReadAllText(script));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3) && Squeue(jobId).Length > 0) Thread.Sleep(500);
        var logs = string.Join("\n", Directory.GetFiles(Dir.File("slurm/logs")).Select(File.ReadAllText));
        Assert.True(Squeue(jobId).Length == 0, "the job did not end: " + logs);
        Assert.Equal(3, Directory.GetFiles(Dir.File("slurm/logs"), $"harness-tiny-{jobId}_*.out").Length);

        using (var store = ClusterServers.Open(uri))
        {
            Assert.All(store.GetTrials("tiny"), t => Assert.Equal(TrialState.Complete, t.State));
            Assert.Equal(8, store.GetTrials("tiny").Count);
            ClusterRuns.AssertOneRowPerEpoch(store, "tiny");
        }
        var (tableExit, table) = CliProcess.Run(Limit, "table", "tiny", "--store", uri);
        Assert.True(tableExit == 0, table);
        Assert.Contains("test_acc mean", table);
        Assert.DoesNotContain(ClusterServers.Password(uri), logs + table);
    }

    private static string Squeue(string jobId)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("squeue", ["-h", "-j", jobId])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text.Trim();
    }

    private static (int Exit, string Output) Run(params string[] args)
    {
        var (exit, output, error) = CliHarness.Run(args);
        return (exit, output + error);
    }
}
