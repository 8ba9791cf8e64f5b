using Harness.Store;

namespace Harness.Cli.Tests.Cluster;

/// <summary>
/// `harness worker` processes on one PostgreSQL store (HARNESS_TEST_POSTGRES; skipped without one): several at
/// once train each trial once with the results of a single process; a worker killed mid-trial loses nothing.
/// </summary>
public sealed class WorkerTests : ClusterTest
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public void Four_workers_train_each_trial_once_with_the_results_of_one_process()
    {
        var uri = Servers.Fresh(ClusterServers.Postgres());
        var file = ClusterRuns.Tiny(Dir);
        var workers = Enumerable.Range(0, 4).Select(_ => ClusterRuns.Start("worker", file, "--store", uri, "--lease", "20")).ToList();
        try
        {
            foreach (var w in workers) Assert.True(w.Wait(Limit) == 0, w.Output);
        }
        finally { workers.ForEach(w => w.Dispose()); }

        var single = Dir.File("single.db");
        var (exit, output) = CliProcess.Run(Limit, "sweep", file, "--store", single);
        Assert.True(exit == 0, output);

        using var shared = ClusterServers.Open(uri);
        using var alone = LiteDbExperimentStore.OpenReadOnly(single);
        var trials = shared.GetTrials("tiny");
        Assert.Equal(8, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        // Each trial once: the workers' "ran in this run" counts add up to the trials, and no trial started twice.
        var ran = workers.Sum(w => int.Parse(System.Text.RegularExpressions.Regex.Match(w.Output, @"(\d+) ran in this run").Groups[1].Value));
        Assert.Equal(8, ran);
        Assert.Equal(8, workers.Sum(w => System.Text.RegularExpressions.Regex.Matches(w.Output, @"^trial \d+ started", System.Text.RegularExpressions.RegexOptions.Multiline).Count));
        ClusterRuns.AssertOneRowPerEpoch(shared, "tiny");
        Assert.Equal(ClusterRuns.Results(alone, "tiny"), ClusterRuns.Results(shared, "tiny"));
        var password = ClusterServers.Password(uri);
        Assert.All(workers, w => Assert.DoesNotContain(password, w.Output));
        Assert.All(workers, w => Assert.Contains(StoreLocation.Parse(uri).Display, w.Output));

        var (statusExit, status) = CliProcess.Run(Limit, "status", "tiny", "--store", uri);
        Assert.Equal(0, statusExit);
        Assert.Contains("8 trials, 0 pending, 0 running, 8 finished (100%)", status);
        Assert.Contains(Environment.MachineName, status);
        Assert.DoesNotContain(password, status);
    }

    [Fact]
    public void Three_workers_on_a_tpe_search_plan_exactly_its_trial_count_with_unique_numbers()
    {
        // TPE plans new trials from the finished ones while the workers run; each worker plans under the store's
        // lock, so none plans from a stale history (one number twice, or past the trial count).
        const int count = 12;
        var uri = Servers.Fresh(ClusterServers.Postgres());
        var file = ClusterRuns.TinyTpe(Dir, count);
        var workers = Enumerable.Range(0, 3).Select(_ => ClusterRuns.Start("worker", file, "--store", uri, "--lease", "20")).ToList();
        try
        {
            foreach (var w in workers) Assert.True(w.Wait(Limit) == 0, w.Output);
        }
        finally { workers.ForEach(w => w.Dispose()); }

        using var store = ClusterServers.Open(uri);
        var trials = store.GetTrials("tpe");
        Assert.Equal(count, trials.Count);
        Assert.Equal(Enumerable.Range(0, count), trials.Select(t => t.Number).Order());
        Assert.Equal(count, trials.Select(t => t.Key).Distinct().Count());
        Assert.All(trials, t => Assert.True(t.State.IsFinished(), $"trial {t.Number} is {t.State}"));
        var ran = workers.Sum(w => int.Parse(System.Text.RegularExpressions.Regex.Match(w.Output, @"(\d+) ran in this run").Groups[1].Value));
        Assert.Equal(count, ran);
        ClusterRuns.AssertOneRowPerEpoch(store, "tpe");
    }

    [Fact]
    public void A_worker_killed_mid_trial_loses_its_trial_to_another_worker_which_goes_on_from_its_checkpoint()
    {
        var uri = Servers.Fresh(ClusterServers.Postgres());
        var file = ClusterRuns.Tiny(Dir, "slow", samples: 2000, epochs: 400, repeats: 1); // about a second per trial: long enough to be caught mid-way
        var (mid, checkpointed) = StopMidTrial(uri, file, "2", doomed =>
        {
            doomed.Process.Kill(); // SIGKILL: no interrupt, no cleanup; its trial stays running in the store
            doomed.Process.WaitForExit();
            return TrialState.Running;
        });

        using var rescuer = ClusterRuns.Start("worker", file, "--store", uri, "--lease", "2");
        Assert.True(rescuer.Wait(Limit) == 0, rescuer.Output);
        Assert.Contains("re-queued 1 trial(s)", rescuer.Output);
        AssertWentOnAndMatchesOneProcess(uri, file, rescuer, mid, checkpointed);
    }

    [Fact]
    public void A_worker_sent_sigterm_hands_its_trial_over_at_once_and_the_next_worker_goes_on_from_its_checkpoint()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("sends SIGTERM with kill(1)");
        var uri = Servers.Fresh(ClusterServers.Postgres());
        var file = ClusterRuns.Tiny(Dir, "slow", samples: 2000, epochs: 400, repeats: 1);
        // A lease of ten minutes: were the trial left running, the next worker would wait that long to take it.
        var (mid, checkpointed) = StopMidTrial(uri, file, "600", doomed =>
        {
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", doomed.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                kill.WaitForExit(); // scancel, a Slurm time limit, a pod's eviction
            Assert.Equal(CliRunner.ExitInterrupted, doomed.Wait(Limit));
            Assert.Contains("interrupted: trials in flight are marked interrupted", doomed.Output);
            return TrialState.Interrupted;
        });

        using var next = ClusterRuns.Start("worker", file, "--store", uri, "--lease", "600");
        Assert.True(next.Wait(Limit) == 0, next.Output);
        Assert.DoesNotContain("re-queued", next.Output);
        AssertWentOnAndMatchesOneProcess(uri, file, next, mid, checkpointed);
    }

    /// <summary>
    /// Starts a worker, waits until one of its trials is running past a checkpoint, stops the worker with
    /// <paramref name="stop"/> (which returns the state the trial must then have) and returns the trial and the epoch
    /// of its checkpoint.
    /// </summary>
    private static (TrialRecord Trial, int Checkpoint) StopMidTrial(string uri, string file, string lease, Func<ClusterRuns.Child, TrialState> stop)
    {
        using var doomed = ClusterRuns.Start("worker", file, "--store", uri, "--lease", lease, "--checkpoint-every", "0.05");
        using var watch = ClusterServers.Open(uri);
        TrialRecord? mid = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (mid is null && clock.Elapsed < Limit && !doomed.Process.HasExited)
        {
            Thread.Sleep(100);
            mid = watch.GetExperiment("slow") is null ? null
                : watch.GetTrials("slow").FirstOrDefault(t => t.State == TrialState.Running && watch.LoadCheckpoint(t.Id) is { Epoch: >= 2 and <= 300 });
        }
        Assert.True(mid is not null, "the first worker never got a trial mid-way past a checkpoint: " + doomed.Output);
        var expected = stop(doomed);
        Assert.Equal(expected, watch.GetTrial(mid.Id)!.State);
        return (mid, watch.LoadCheckpoint(mid.Id)!.Epoch);
    }

    /// <summary>The stopped trial went on from its checkpoint, and the store ends bit for bit as one process never stopped leaves it.</summary>
    private void AssertWentOnAndMatchesOneProcess(string uri, string file, ClusterRuns.Child worker, TrialRecord mid, int checkpointed)
    {
        Assert.Contains($"trial {mid.Number} goes on from its checkpoint after epoch {checkpointed}", worker.Output);
        using var store = ClusterServers.Open(uri);
        var trials = store.GetTrials("slow");
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.True(t.EpochsRun > 2));
        Assert.All(trials, t => Assert.Null(store.LoadCheckpoint(t.Id)));
        ClusterRuns.AssertOneRowPerEpoch(store, "slow");

        var single = Dir.File("single.db");
        var (exit, output) = CliProcess.Run(Limit, "sweep", file, "--store", single);
        Assert.True(exit == 0, output);
        using var alone = LiteDbExperimentStore.OpenReadOnly(single);
        Assert.Equal(ClusterRuns.Results(alone, "slow"), ClusterRuns.Results(store, "slow"));
    }
}
