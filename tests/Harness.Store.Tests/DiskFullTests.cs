using System.Diagnostics;
using Harness.TestSupport;
using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>The store on a small tmpfs that fills up (Linux as root; skipped elsewhere).</summary>
public sealed class DiskFullTests
{
    [Fact]
    public void Disk_full_a_write_on_a_nearly_full_volume_fails_at_once_keeps_finished_trials_and_works_once_space_is_freed()
    {
        using var volume = SmallVolume.MountOrSkip(4096);
        var path = volume.File("harness.db");
        using var store = new LiteDbExperimentStore(path);
        var trials = Seed(store, 3);
        Assert.True(store.TryClaim(trials[0].Id, "cpu", "cpu0", out _));
        store.AppendEpochs([Epoch(trials[0].Id, 1)]);
        store.Finish(trials[0].Id, Complete([1, 2, 3]));

        volume.LeaveFree(200 * 1024);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<StoreDiskFullException>(() => store.TryClaim(trials[1].Id, "cpu", "cpu0", out _));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the error took {clock.Elapsed}");
        Assert.StartsWith($"disk full writing {path}:", e.Message);
        Assert.Contains("Finished trials are kept", e.Message);
        Assert.Throws<StoreDiskFullException>(() => store.Heartbeat(trials[0].Id));

        // Nothing changed, and the store reads, through this instance and a new read-only one.
        Assert.Equal(TrialState.Pending, store.GetTrial(trials[1].Id)!.State);
        using (var reader = LiteDbExperimentStore.OpenReadOnly(path))
        {
            Assert.Equal(TrialState.Complete, reader.GetTrial(trials[0].Id)!.State);
            Assert.Equal([1, 2, 3], reader.LoadModel(trials[0].Id));
            Assert.Single(reader.GetEpochs(trials[0].Id));
        }

        volume.FreeSpace();
        Assert.True(store.TryClaim(trials[1].Id, "cpu", "cpu0", out _));
        store.Finish(trials[1].Id, Complete([4]));
        Assert.Equal(TrialState.Complete, store.GetTrial(trials[1].Id)!.State);
    }

    [Fact]
    public void Disk_full_a_write_LiteDB_cannot_finish_fails_within_seconds_instead_of_hanging_and_the_store_stays_readable()
    {
        using var volume = SmallVolume.MountOrSkip(4096);
        var path = volume.File("harness.db");
        IReadOnlyList<TrialRecord> trials;
        using (var store = new LiteDbExperimentStore(path)) trials = Seed(store, 12);

        // Room for a few models of 128 KiB; the worker writes without the store's own free-space check, so LiteDB's
        // log writer runs out of space itself: in LiteDB 5.0.20 the commit then mostly waits forever, else it returns
        // as if the write had been made.
        volume.LeaveFree(900 * 1024);
        using var worker = WorkerProcess.Start("fill", path, Experiment, "1", "128");
        var clock = Stopwatch.StartNew();
        var last = worker.WaitForLine(l => l.StartsWith("diskfull ", StringComparison.Ordinal) || l == "done", TimeSpan.FromSeconds(60));
        Assert.StartsWith($"diskfull disk full writing {path}:", last);
        Assert.True(worker.WaitForExitOrTimeout(TimeSpan.FromSeconds(15)), "the worker did not exit after the disk-full error");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the error took {clock.Elapsed}");
        var finished = worker.Lines.Where(l => l.StartsWith("finished ", StringComparison.Ordinal))
            .Select(l => long.Parse(l["finished ".Length..])).ToList();

        // Still full: the store reads, and every trial reported finished is complete with its whole model.
        using (var reader = LiteDbExperimentStore.OpenReadOnly(path))
        {
            foreach (var id in finished)
            {
                Assert.Equal(TrialState.Complete, reader.GetTrial(id)!.State);
                Assert.Equal(128 * 1024, reader.LoadModel(id)!.Length);
            }
            Assert.Equal(12, reader.GetTrials(Experiment).Count);
        }

        // Space freed: the trial left running by the worker is re-queued, and every trial can finish.
        volume.FreeSpace();
        using var resumed = new LiteDbExperimentStore(path);
        resumed.RequeueStale(TimeSpan.FromMinutes(2));
        foreach (var t in resumed.GetTrials(Experiment).Where(t => t.State == TrialState.Pending))
        {
            Assert.True(resumed.TryClaim(t.Id, "cpu", "cpu0", out _));
            resumed.Finish(t.Id, Complete([9]));
        }
        Assert.All(resumed.GetTrials(Experiment), t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public async Task Disk_full_a_call_stuck_on_a_full_volume_is_abandoned_within_seconds_and_later_calls_fail_at_once()
    {
        using var volume = SmallVolume.MountOrSkip(4096);
        var path = volume.File("harness.db");
        using var store = new LiteDbExperimentStore(path);
        var trials = Seed(store, 2);
        Assert.True(store.TryClaim(trials[0].Id, "cpu", "cpu0", out _));

        // Stands in for LiteDB waiting forever on a failed log write: the transaction blocks while the disk is full.
        using var gate = new ManualResetEventSlim();
        store.FaultPoint = _ => gate.Wait();
        store.Transactions.CheckRoomBeforeWrites = false;
        volume.LeaveFree(0);
        try
        {
            var clock = Stopwatch.StartNew();
            // Old code: the call never returns, and WaitAsync fails the test with a TimeoutException.
            var call = Task.Run(() => Assert.Throws<StoreDiskFullException>(() => store.Finish(trials[0].Id, Complete([1]))));
            var e = await call.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            Assert.StartsWith($"disk full writing {path}: a store call did not finish", e.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the error took {clock.Elapsed}");

            clock.Restart();
            Assert.Throws<StoreDiskFullException>(() => store.GetTrials(Experiment));
            Assert.Throws<StoreDiskFullException>(() => store.Heartbeat(trials[0].Id));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"later calls took {clock.Elapsed}");
        }
        finally
        {
            volume.FreeSpace();
            gate.Set(); // the abandoned transaction ends, releasing the file's mutex
        }
    }
}
