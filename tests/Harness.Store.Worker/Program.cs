using Harness.Store;

// Child process for Harness.Store.Tests. Prints one line per event ("claimed 12", "running 7") and flushes,
// so the parent can follow it.
//   claim <db> <experiment> <version> <epochs> <tag> [go-file]
//                                                      claim pending trials until none is left; for each, write
//                                                      epochs one transaction at a time and finish it. With a
//                                                      go-file: print "ready" and start once that file exists.
//   plan  <db> <experiment> <count> <go-file>          once go-file exists, open the experiment and add planned
//                                                      trials k0..k(n-1) for n = 1..count (overlapping plans)
//   number <db> <experiment> <count> <go-file> <tag>  once go-file exists, open the experiment and plan trials
//                                                      through PlanTrials, two at a time under keys <tag>N, numbered
//                                                      on from the largest stored number, until there are count
//   hang  <db> <experiment> <version>                  finish one trial, claim a second and rewrite its epochs
//                                                      forever (the parent kills it with SIGKILL)
//   fill  <db> <experiment> <version> <model-kib>      without the store's free-space check, claim and finish
//                                                      pending trials with models of that size until the disk is
//                                                      full: prints "finished ID" for each, then "diskfull MESSAGE"
//                                                      and exits 3 (or "done" and 0 when every trial fitted)
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: claim <db> <experiment> <version> <epochs> <tag> [go-file] | plan <db> <experiment> <count> <go-file> | number <db> <experiment> <count> <go-file> <tag> | hang <db> <experiment> <version> | fill <db> <experiment> <version> <model-kib>");
    return 2;
}
var (mode, db, experiment, version) = (args[0], args[1], args[2], int.Parse(args[3]));
using var store = new LiteDbExperimentStore(db);
switch (mode)
{
    case "plan":
        {
            var count = version; // the third argument is the plan size here
            output.WriteLine("ready");
            while (!File.Exists(args[4])) Thread.Sleep(5);
            var opened = store.OpenExperiment(experiment, "{}", "plan-hash", newVersion: false);
            for (var n = 1; n <= count; n++)
                store.EnsureTrials(experiment, opened.Version, WorkerRows.Plan(experiment, n));
            output.WriteLine($"version {opened.Version}");
            return 0;
        }
    case "number":
        {
            var (count, tag) = (version, args[5]); // the third argument is the trial count here
            output.WriteLine("ready");
            while (!File.Exists(args[4])) Thread.Sleep(5);
            var opened = store.OpenExperiment(experiment, "{}", "plan-hash", newVersion: false);
            for (var added = true; added;)
            {
                added = false;
                store.PlanTrials(experiment, opened.Version, existing =>
                {
                    // Numbered on from what it read, under this process's own keys: a stale read would reuse a number.
                    int next = existing.Count == 0 ? 0 : existing.Max(t => t.Number) + 1;
                    int n = Math.Max(0, Math.Min(2, count - existing.Count));
                    added = n > 0;
                    Thread.Sleep(2);
                    return [.. Enumerable.Range(next, n).Select(i => new TrialRecord { Experiment = experiment, Number = i, Key = $"{tag}{i}", Seed = i, ConfigJson = "{}" })];
                });
            }
            output.WriteLine("done");
            return 0;
        }
    case "claim":
        {
            var epochs = int.Parse(args[4]);
            var tag = args[5];
            if (args.Length > 6)
            {
                output.WriteLine("ready");
                while (!File.Exists(args[6])) Thread.Sleep(5);
            }
            var done = 0;
            while (true)
            {
                var progress = false;
                foreach (var trial in store.GetTrials(experiment, version).Where(t => t.State == TrialState.Pending))
                {
                    if (!store.TryClaim(trial.Id, "worker", tag, out _)) continue;
                    progress = true;
                    output.WriteLine($"claimed {trial.Id}");
                    for (var e = 1; e <= epochs; e++) store.AppendEpochs([WorkerRows.Epoch(trial.Id, e)]);
                    store.AppendEpochs([WorkerRows.Epoch(trial.Id, epochs)]); // rewrite: must not duplicate
                    store.Heartbeat(trial.Id);
                    store.Finish(trial.Id, WorkerRows.Outcome(trial.Id, epochs));
                    done++;
                }
                if (!progress) break;
            }
            output.WriteLine($"done {done}");
            return 0;
        }
    case "hang":
        {
            var pending = store.GetTrials(experiment, version).Where(t => t.State == TrialState.Pending).ToList();
            var first = pending.First(t => store.TryClaim(t.Id, "worker", "hang", out _));
            store.AppendEpochs([WorkerRows.Epoch(first.Id, 1), WorkerRows.Epoch(first.Id, 2)]);
            store.Finish(first.Id, WorkerRows.Outcome(first.Id, 2));
            output.WriteLine($"finished {first.Id}");
            var second = pending.First(t => t.Id != first.Id && store.TryClaim(t.Id, "worker", "hang", out _));
            output.WriteLine($"running {second.Id}");
            for (var e = 1; ; e = e % 50 + 1)
                store.AppendEpochs([WorkerRows.Epoch(second.Id, e), WorkerRows.Epoch(second.Id, e + 50)]);
        }
    case "fill":
        {
            // Let LiteDB itself run into the full disk: the test checks that its failure is noticed, not prevented.
            store.Transactions.CheckRoomBeforeWrites = false;
            var model = new byte[int.Parse(args[4]) * 1024];
            Random.Shared.NextBytes(model);
            try
            {
                foreach (var trial in store.GetTrials(experiment, version).Where(t => t.State == TrialState.Pending))
                {
                    if (!store.TryClaim(trial.Id, "worker", "fill", out _)) continue;
                    store.Finish(trial.Id, WorkerRows.Outcome(trial.Id, 1) with { Model = model });
                    output.WriteLine($"finished {trial.Id}");
                }
            }
            catch (StoreDiskFullException e)
            {
                output.WriteLine($"diskfull {e.Message}");
                return 3;
            }
            output.WriteLine("done");
            return 0;
        }
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'; use claim, plan, hang or fill");
        return 2;
}

/// <summary>Deterministic rows, so the parent can check exactly what a worker wrote.</summary>
internal static class WorkerRows
{
    public static EpochRecord Epoch(long trialId, int epoch) => new()
    {
        TrialId = trialId,
        Epoch = epoch,
        TrainLoss = 1.0 / epoch,
        TrainAccuracy = 0.5,
        ValidationLoss = 2.0 / epoch,
        ValidationAccuracy = 0.4,
        LearningRate = 0.1,
        Seconds = 0.01,
    };

    public static TrialOutcome Outcome(long trialId, int epochs) => new()
    {
        State = TrialState.Complete,
        Seconds = 1,
        EpochsRun = epochs,
        BestEpoch = epochs,
        ValidationAccuracy = 0.9,
        ValidationLoss = 0.3,
        TestAccuracy = 0.89,
        TestLoss = 0.31,
        Model = Model(trialId),
    };

    public static List<TrialRecord> Plan(string experiment, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new TrialRecord { Experiment = experiment, Number = i, Key = $"k{i}", Seed = i, ConfigJson = "{}" })
            .ToList();

    public static byte[] Model(long trialId) => Enumerable.Range(0, 1000).Select(i => (byte)(i + trialId)).ToArray();
}
