using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>
/// Several processes on one store file (LiteDB shared mode): concurrent claims, a reader during writes, and a
/// writer killed with SIGKILL. The children are Harness.Store.Worker processes.
/// </summary>
public sealed class MultiProcessTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<WorkerProcess> _workers = [];

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
        _temp.Dispose();
    }

    private WorkerProcess Start(params string[] args)
    {
        var w = WorkerProcess.Start(args);
        _workers.Add(w);
        return w;
    }

    private static long IdFrom(string line) => long.Parse(line[(line.IndexOf(' ') + 1)..]);

    /// <summary>The model bytes the worker stores for a trial (mirrors WorkerRows.Model).</summary>
    private static byte[] WorkerModel(long trialId) => Enumerable.Range(0, 1000).Select(i => (byte)(i + trialId)).ToArray();

    [Fact]
    public void Three_processes_planning_through_PlanTrials_number_each_trial_once_and_stop_at_the_count()
    {
        const int Trials = 40;
        var db = _temp.File("plans.db");
        var go = _temp.File("go");
        var planners = new[] { "A", "B", "C" }.Select(tag => Start("number", db, Experiment, $"{Trials}", go, tag)).ToList();
        foreach (var p in planners) p.WaitForLine(l => l == "ready");
        File.WriteAllText(go, "");
        foreach (var p in planners) Assert.Contains("done", p.WaitForSuccess());

        using var store = new LiteDbExperimentStore(db);
        var trials = store.GetTrials(Experiment);
        Assert.Equal(Trials, trials.Count);
        Assert.Equal(Enumerable.Range(0, Trials), trials.Select(t => t.Number).Order());
    }

    [Fact]
    public void Two_processes_claiming_from_one_pool_claim_each_trial_exactly_once()
    {
        const int Trials = 30, Epochs = 4;
        var db = _temp.File("pool.db");
        var go = _temp.File("go");
        long[] ids;
        using (var seed = new LiteDbExperimentStore(db)) ids = Seed(seed, Trials).Select(t => t.Id).ToArray();

        var a = Start("claim", db, Experiment, "1", $"{Epochs}", "A", go);
        var b = Start("claim", db, Experiment, "1", $"{Epochs}", "B", go);
        a.WaitForLine(l => l == "ready");
        b.WaitForLine(l => l == "ready");
        File.WriteAllText(go, "");
        var claimedA = a.WaitForSuccess().Where(l => l.StartsWith("claimed ")).Select(IdFrom).ToList();
        var claimedB = b.WaitForSuccess().Where(l => l.StartsWith("claimed ")).Select(IdFrom).ToList();

        TestContext.Current.TestOutputHelper?.WriteLine($"A={string.Join(",", claimedA)} B={string.Join(",", claimedB)}");
        Assert.Empty(claimedA.Intersect(claimedB));
        Assert.Equal(ids.Order(), claimedA.Concat(claimedB).Order());

        using var store = new LiteDbExperimentStore(db); // opens cleanly after both wrote
        var trials = store.GetTrials(Experiment);
        Assert.All(trials, t =>
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal(claimedA.Contains(t.Id) ? "A" : "B", t.Device);
            Assert.Equal(Enumerable.Range(1, Epochs), store.GetEpochs(t.Id).Select(e => e.Epoch));
            Assert.Equal(WorkerModel(t.Id), store.LoadModel(t.Id));
        });
        Assert.Equal(0, store.RequeueStale(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Two_processes_opening_and_planning_one_experiment_at_once_create_everything_once()
    {
        const int Count = 25;
        var db = _temp.File("plan.db");
        var go = _temp.File("go");
        var workers = new[] { Start("plan", db, "race", $"{Count}", go), Start("plan", db, "race", $"{Count}", go) };
        foreach (var w in workers) w.WaitForLine(l => l == "ready");
        File.WriteAllText(go, "");
        foreach (var w in workers) Assert.Contains("version 1", w.WaitForSuccess());

        using var store = new LiteDbExperimentStore(db);
        Assert.Equal(1, Assert.Single(store.ListExperiments()).Version);
        var trials = store.GetTrials("race");
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"k{i}"), trials.Select(t => t.Key));
        Assert.Equal(Count, trials.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void A_reader_sees_only_whole_trials_while_another_process_writes()
    {
        const int Trials = 20, Epochs = 5;
        var db = _temp.File("read-while-write.db");
        using var reader = new LiteDbExperimentStore(db);
        Seed(reader, Trials);
        var go = _temp.File("go");
        var writer = Start("claim", db, Experiment, "1", $"{Epochs}", "W", go);
        writer.WaitForLine(l => l == "ready");
        File.WriteAllText(go, "");

        int reads = 0, midway = 0, lastComplete = 0;
        var finished = false;
        while (!finished)
        {
            finished = writer.WaitForExitOrTimeout(TimeSpan.FromMilliseconds(3));
            var trials = reader.GetTrials(Experiment);
            reads++;
            var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
            Assert.True(complete.Count >= lastComplete, "a completed trial went back");
            lastComplete = complete.Count;
            if (complete.Count is > 0 and < Trials) midway++;
            foreach (var t in complete)
            {
                // State and metrics land together: a complete trial always has all of them.
                Assert.NotNull(t.ValidationAccuracy);
                Assert.NotNull(t.TestAccuracy);
                Assert.NotNull(t.FinishedUtc);
                Assert.Equal(Epochs, t.EpochsRun);
            }
            if (complete.Count > 0)
            {
                var last = complete[^1];
                Assert.Equal(Enumerable.Range(1, Epochs), reader.GetEpochs(last.Id).Select(e => e.Epoch));
                Assert.Equal(WorkerModel(last.Id), reader.LoadModel(last.Id));
            }
            foreach (var t in trials.Where(t => t.State == TrialState.Running))
                Assert.InRange(reader.GetEpochs(t.Id).Count, 0, Epochs);
        }
        writer.WaitForSuccess();
        TestContext.Current.TestOutputHelper?.WriteLine($"reads={reads} midway={midway}");
        Assert.True(midway > 0, $"no read happened while the writer was half-way ({reads} reads)");
        Assert.All(reader.GetTrials(Experiment), t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void A_writer_killed_mid_write_leaves_a_clean_file_and_its_running_trial_is_requeued()
    {
        var db = _temp.File("killed.db");
        using (var seed = new LiteDbExperimentStore(db)) Seed(seed, 6);

        for (var round = 0; round < 2; round++)
        {
            var worker = Start("hang", db, Experiment, "1");
            var finishedId = IdFrom(worker.WaitForLine(l => l.StartsWith("finished ")));
            var runningId = IdFrom(worker.WaitForLine(l => l.StartsWith("running ")));
            Thread.Sleep(150 + 100 * round); // it is rewriting epoch rows in a tight loop now
            worker.Kill();

            using var store = new LiteDbExperimentStore(db);
            var finished = store.GetTrial(finishedId)!;
            Assert.Equal(TrialState.Complete, finished.State);
            Assert.Equal(WorkerModel(finishedId), store.LoadModel(finishedId));
            Assert.Equal([1, 2], store.GetEpochs(finishedId).Select(e => e.Epoch));

            var orphan = store.GetTrial(runningId)!;
            Assert.Equal(TrialState.Running, orphan.State);
            Assert.Equal(worker.Id, orphan.ProcessId);
            var rows = store.GetEpochs(runningId);
            Assert.Equal(rows.Count, rows.Select(e => e.Epoch).Distinct().Count());

            Assert.Equal(1, store.RequeueStale(TimeSpan.FromHours(1)));
            Assert.Equal(TrialState.Pending, store.GetTrial(runningId)!.State);
            Assert.Equal(finished, store.GetTrial(finishedId), EqualityComparer<TrialRecord>.Create(
                (x, y) => x!.Id == y!.Id && x.State == y.State && x.FinishedUtc == y.FinishedUtc &&
                          x.ValidationAccuracy == y.ValidationAccuracy && x.EpochsRun == y.EpochsRun));
            Assert.Equal(0, store.RequeueStale(TimeSpan.FromHours(1)));
        }

        using var after = new LiteDbExperimentStore(db);
        var states = after.GetTrials(Experiment).Select(t => t.State).ToList();
        Assert.Equal(2, states.Count(s => s == TrialState.Complete));
        Assert.Equal(4, states.Count(s => s == TrialState.Pending));
        var next = after.GetTrials(Experiment).First(t => t.State == TrialState.Pending && after.GetEpochs(t.Id).Count > 0);
        Assert.True(after.TryClaim(next.Id, "cpu", "cpu0", out _));
        Assert.Empty(after.GetEpochs(next.Id));
    }
}
