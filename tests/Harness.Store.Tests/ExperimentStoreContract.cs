using System.Diagnostics;
using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>
/// The store contract, run against every implementation (subclasses say which store). Each test gets a fresh store.
/// </summary>
public abstract partial class ExperimentStoreContract : IDisposable
{
    private readonly List<IStoreTestSeams> _opened = [];

    /// <summary>A new, empty store (any implementation: the contract sees it only through the interface and its test seams).</summary>
    private protected abstract IStoreTestSeams CreateStore();

    private protected IStoreTestSeams NewStore()
    {
        var store = CreateStore();
        _opened.Add(store);
        return store;
    }

    /// <summary>
    /// <paramref name="count"/> store objects on one new, empty store (as separate processes would open it); an
    /// implementation that cannot open a store twice (a memory stream) gives one object shared by all.
    /// </summary>
    private protected virtual IStoreTestSeams[] CreateStoresOnOneStore(int count)
    {
        var store = CreateStore();
        return [.. Enumerable.Repeat(store, count)];
    }

    private protected IStoreTestSeams[] NewStoresOnOneStore(int count)
    {
        var stores = CreateStoresOnOneStore(count);
        foreach (var s in stores.Distinct()) _opened.Add(s);
        return stores;
    }

    public virtual void Dispose()
    {
        foreach (var s in _opened) s.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The pid of a process that has exited (and been reaped).</summary>
    protected static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    private static TrialRecord Claim(IExperimentStore store, long id)
    {
        Assert.True(store.TryClaim(id, "cpu", "cpu0", out var running), $"trial {id} should be claimable");
        return running;
    }

    // ------------------------------------------------------------ experiments

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("")]
    public void OpenExperiment_refuses_a_name_like_dot_dot_outside_the_rule_and_stores_nothing(string name)
    {
        var store = NewStore();
        var e = Assert.Throws<ArgumentException>(() => store.OpenExperiment(name, Spec, Hash, newVersion: false));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains(ExperimentNames.Rule, e.Message);
        Assert.Empty(store.ListExperiments());
    }

    [Fact]
    public void OpenExperiment_creates_version_1_and_returns_it_again_for_the_same_hash()
    {
        var store = NewStore();
        var before = DateTime.UtcNow.AddSeconds(-1);
        var first = store.OpenExperiment(Experiment, Spec, Hash, newVersion: false);
        Assert.Equal(1, first.Version);
        Assert.Equal(Spec, first.SpecJson);
        Assert.Equal(DateTimeKind.Utc, first.CreatedUtc.Kind);
        Assert.InRange(first.CreatedUtc, before, DateTime.UtcNow.AddSeconds(1));

        Assert.Equal(first, store.OpenExperiment(Experiment, Spec, Hash, newVersion: false));
        Assert.Equal(first, store.OpenExperiment(Experiment, Spec, Hash, newVersion: true)); // same spec: no new version
        Assert.Equal(first, store.GetExperiment(Experiment));
        Assert.Single(store.ListExperiments());
        Assert.Null(store.GetExperiment("absent"));
        Assert.Null(store.GetExperiment(Experiment, 2));
    }

    [Fact]
    public void OpenExperiment_with_a_changed_spec_is_refused_unless_a_new_version_is_asked_for()
    {
        var store = NewStore();
        store.OpenExperiment(Experiment, Spec, Hash, newVersion: false);
        var changedHash = new string('f', 64);

        var refused = Assert.Throws<SpecChangedException>(() =>
            store.OpenExperiment(Experiment, "{}", changedHash, newVersion: false));
        Assert.Equal(1, refused.Version);
        Assert.Contains("--new-version", refused.Message);
        Assert.Single(store.ListExperiments());

        var v2 = store.OpenExperiment(Experiment, "{}", changedHash, newVersion: true);
        Assert.Equal(2, v2.Version);
        Assert.Equal(v2, store.GetExperiment(Experiment));
        Assert.Equal(Hash, store.GetExperiment(Experiment, 1)!.SpecHash);
        // Going back to the first spec is a change relative to the latest version as well.
        Assert.Equal(2, Assert.Throws<SpecChangedException>(() =>
            store.OpenExperiment(Experiment, Spec, Hash, newVersion: false)).Version);
        store.OpenExperiment("other", "{}", Hash, newVersion: false);
        Assert.Equal([(Experiment, 1), (Experiment, 2), ("other", 1)],
            store.ListExperiments().Select(e => (e.Name, e.Version)));
    }

    // ------------------------------------------------------------ planned trials

    [Fact]
    public void EnsureTrials_is_idempotent_and_adds_only_missing_keys()
    {
        var store = NewStore();
        var first = Seed(store, 3);
        Assert.Equal([0, 1, 2], first.Select(t => t.Number));
        Assert.All(first, t => Assert.Equal(TrialState.Pending, t.State));
        Assert.Equal(3, first.Select(t => t.Id).Distinct().Count());
        Assert.Equal(Planned(1).Params, first[1].Params);
        Assert.Equal(Planned(1).ConfigJson, first[1].ConfigJson);

        var again = store.EnsureTrials(Experiment, 1, Plan(3));
        Assert.Equal(first, again, TrialComparer);

        var extended = store.EnsureTrials(Experiment, 1, Plan(5));
        Assert.Equal(5, extended.Count);
        Assert.Equal(first.Select(t => t.Id), extended.Take(3).Select(t => t.Id));
        Assert.Equal(extended, store.GetTrials(Experiment), TrialComparer);
        Assert.Equal(extended, store.GetTrials(Experiment, 1), TrialComparer);
    }

    [Fact]
    public void EnsureTrials_keeps_versions_apart_and_rejects_bad_plans()
    {
        var store = NewStore();
        Seed(store, 2);
        store.OpenExperiment(Experiment, "{}", new string('e', 64), newVersion: true);
        var v2 = store.EnsureTrials(Experiment, 2, Plan(4));
        Assert.All(v2, t => Assert.Equal(2, t.Version));
        Assert.Equal(2, store.GetTrials(Experiment, 1).Count);
        Assert.Equal(4, store.GetTrials(Experiment).Count); // latest version
        Assert.Empty(store.GetTrials("absent"));

        var dup = Assert.Throws<ArgumentException>(() => store.EnsureTrials(Experiment, 1, [Planned(0), Planned(0)]));
        Assert.Contains(Planned(0).Key, dup.Message);
        var missing = Assert.Throws<InvalidOperationException>(() => store.EnsureTrials(Experiment, 9, Plan(1)));
        Assert.Contains("version 9", missing.Message);
    }

    [Fact]
    public void EnsureTrials_from_many_threads_at_once_creates_each_key_once()
    {
        var store = NewStore();
        store.OpenExperiment(Experiment, Spec, Hash, newVersion: false);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => store.EnsureTrials(Experiment, 1, Plan(10 + i)));
        var trials = store.GetTrials(Experiment);
        Assert.Equal(17, trials.Count);
        Assert.Equal(17, trials.Select(t => t.Key).Distinct().Count());
    }

    [Fact]
    public void PlanTrials_plans_from_the_stored_trials_and_inserts_only_new_keys()
    {
        var store = NewStore();
        Seed(store, 2);
        IReadOnlyList<TrialRecord>? seen = null;
        var all = store.PlanTrials(Experiment, 1, existing => { seen = existing; return Plan(existing.Count + 2); });
        Assert.Equal([0, 1], seen!.Select(t => t.Number));
        Assert.Equal([0, 1, 2, 3], all.Select(t => t.Number));
        Assert.Equal(all, store.GetTrials(Experiment), TrialComparer);
        Assert.Equal(all, store.PlanTrials(Experiment, 1, _ => []), TrialComparer);
    }

    [Fact]
    public void PlanTrials_refuses_a_bad_plan_or_a_missing_version_and_inserts_nothing()
    {
        var store = NewStore();
        Seed(store, 1);
        var dup = Assert.Throws<ArgumentException>(() => store.PlanTrials(Experiment, 1, _ => [Planned(5), Planned(6), Planned(5)]));
        Assert.Contains(Planned(5).Key, dup.Message);
        Assert.Equal("plan", dup.ParamName);
        Assert.Throws<ArgumentException>(() => store.PlanTrials(Experiment, 1, _ => null!));
        var missing = Assert.Throws<InvalidOperationException>(() => store.PlanTrials(Experiment, 4, _ => Plan(1)));
        Assert.Contains("version 4", missing.Message);
        Assert.Single(store.GetTrials(Experiment));
    }

    [Fact]
    public void PlanTrials_from_many_store_objects_and_threads_at_once_numbers_each_trial_once_and_never_overshoots()
    {
        // Each caller plans up to 3 trials under its own keys, numbered on from what it read (as TrialPlanner does),
        // until the version has 30. Without the lock two callers reading the same history would plan one number
        // twice and together plan past 30; the pause inside the callback widens that window.
        const int target = 30;
        var stores = NewStoresOnOneStore(3);
        stores[0].OpenExperiment(Experiment, Spec, Hash, newVersion: false);
        var callers = Enumerable.Range(0, 6).Select(i => (Store: stores[i % stores.Length], Name: $"caller{i}")).ToList();
        Parallel.ForEach(callers, new ParallelOptions { MaxDegreeOfParallelism = callers.Count }, caller =>
        {
            bool added = true;
            while (added)
            {
                added = false;
                caller.Store.PlanTrials(Experiment, 1, existing =>
                {
                    Thread.Sleep(5);
                    int next = existing.Count == 0 ? 0 : existing.Max(t => t.Number) + 1;
                    int count = Math.Min(3, target - existing.Count);
                    added = count > 0;
                    return [.. Enumerable.Range(next, Math.Max(0, count))
                        .Select(n => Planned(n) with { Key = $"{caller.Name}/{n}" })];
                });
            }
        });
        var trials = stores[^1].GetTrials(Experiment, 1);
        Assert.Equal(target, trials.Count);
        Assert.Equal(Enumerable.Range(0, target), trials.Select(t => t.Number).Order());
    }

    // ------------------------------------------------------------ lifecycle

    [Fact]
    public void Claim_heartbeat_finish_lifecycle_records_every_field()
    {
        var store = NewStore();
        var trial = Seed(store, 2)[0];
        var before = DateTime.UtcNow.AddSeconds(-1);

        Assert.True(store.TryClaim(trial.Id, "cpu", "cpu0", out var running));
        Assert.Equal(TrialState.Running, running.State);
        Assert.Equal(("cpu", "cpu0"), (running.Engine, running.Device));
        Assert.Equal(Environment.MachineName, running.Host);
        Assert.Equal(Environment.ProcessId, running.ProcessId);
        Assert.Equal(DateTimeKind.Utc, running.StartedUtc!.Value.Kind);
        Assert.InRange(running.StartedUtc.Value, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(running, store.GetTrial(trial.Id), TrialComparer);

        Assert.False(store.TryClaim(trial.Id, "cuda", "gpu0", out var other));
        Assert.Equal(TrialState.Running, other.State);
        Assert.Equal("cpu", store.GetTrial(trial.Id)!.Engine);

        Thread.Sleep(5);
        store.Heartbeat(trial.Id);
        var beat = store.GetTrial(trial.Id)!;
        Assert.True(beat.HeartbeatUtc > running.HeartbeatUtc);

        store.AppendEpochs([Epoch(trial.Id, 1), Epoch(trial.Id, 2), Epoch(trial.Id, 3)]);
        store.Finish(trial.Id, Complete([1, 2, 3]));

        var done = store.GetTrial(trial.Id)!;
        Assert.Equal(TrialState.Complete, done.State);
        Assert.Equal((12.5, 3, 2), (done.Seconds, done.EpochsRun, done.BestEpoch));
        Assert.Equal((0.97, 0.11, 0.968, 0.12), (done.ValidationAccuracy, done.ValidationLoss, done.TestAccuracy, done.TestLoss));
        Assert.Null(done.Error);
        Assert.True(done.FinishedUtc >= done.StartedUtc);
        Assert.Equal(running.StartedUtc, done.StartedUtc);
        Assert.Equal([1, 2, 3], store.LoadModel(trial.Id));
        Assert.Equal(TrialState.Pending, store.GetTrials(Experiment)[1].State);
    }

    [Fact]
    public void ClaimAll_claims_every_claimable_trial_in_one_call_and_leaves_out_the_rest()
    {
        var store = NewStore();
        var trials = Seed(store, 5);
        Claim(store, trials[0].Id); // held already
        store.Finish(Claim(store, trials[4].Id).Id, Complete()); // finished
        var ids = trials.Select(t => t.Id).Reverse().ToList();
        var claimed = store.ClaimAll(ids, "cuda", "gpu0");
        Assert.Equal([trials[3].Id, trials[2].Id, trials[1].Id], claimed.Select(t => t.Id)); // in the order asked for
        Assert.All(claimed, t => Assert.Equal((TrialState.Running, "cuda", "gpu0"), (t.State, t.Engine, t.Device)));
        Assert.All(claimed, t => Assert.Equal(t, store.GetTrial(t.Id), TrialComparer));
        Assert.Equal("cpu", store.GetTrial(trials[0].Id)!.Engine);
        Assert.Empty(store.ClaimAll(ids, "cuda", "gpu0"));
        Assert.Empty(store.ClaimAll([], "cuda", "gpu0"));
    }

    [Fact]
    public void ClaimAll_with_an_unknown_id_claims_nothing()
    {
        var store = NewStore();
        var trials = Seed(store, 2);
        Assert.Throws<KeyNotFoundException>(() => store.ClaimAll([trials[0].Id, 987654, trials[1].Id], "cpu", "cpu0"));
        Assert.All(store.GetTrials(Experiment), t => Assert.Equal(TrialState.Pending, t.State));
    }

    [Fact]
    public void A_lease_keeps_its_trials_alive_batches_their_rows_and_finishes_each_on_its_own()
    {
        var store = NewStore();
        var trials = Seed(store, 3);
        using (var lease = TrialLease.Claim(store, [.. trials.Select(t => t.Id)], "cpu", "cpu0",
                   heartbeat: TimeSpan.FromMilliseconds(20), flushInterval: TimeSpan.FromHours(1)))
        {
            Assert.Equal(3, lease.Trials.Count);
            var started = store.GetTrial(trials[1].Id)!.HeartbeatUtc;
            lease.AddEpoch(Epoch(trials[0].Id, 1));
            lease.AddEpoch(Epoch(trials[1].Id, 1));
            Assert.Empty(store.GetEpochs(trials[0].Id)); // batched: the flush interval has not passed
            lease.Finish(trials[0].Id, Complete([7]));
            Assert.Equal([1], store.GetEpochs(trials[0].Id).Select(e => e.Epoch));
            Assert.Equal(TrialState.Complete, store.GetTrial(trials[0].Id)!.State);
            Assert.Empty(store.GetEpochs(trials[1].Id)); // another member's rows wait for their own flush
            var clock = Stopwatch.StartNew();
            while (store.GetTrial(trials[1].Id)!.HeartbeatUtc == started && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(10);
            Assert.True(store.GetTrial(trials[1].Id)!.HeartbeatUtc > started);
            lease.Flush();
            Assert.Single(store.GetEpochs(trials[1].Id));
            lease.Finish(trials[1].Id, new TrialOutcome { State = TrialState.Pruned, EpochsRun = 1 });
        }
        Assert.Equal(TrialState.Running, store.GetTrial(trials[2].Id)!.State); // not finished: left for a requeue
        using var again = TrialLease.Claim(store, [trials[0].Id], "cpu", "cpu0", TimeSpan.FromSeconds(5), TimeSpan.Zero);
        Assert.Empty(again.Trials); // finished trials are not claimed again
    }

    [Fact]
    public void A_finished_trial_is_immutable()
    {
        var store = NewStore();
        var trial = Seed(store, 1)[0];
        Claim(store, trial.Id);
        store.AppendEpochs([Epoch(trial.Id, 1)]);
        store.Finish(trial.Id, new TrialOutcome { State = TrialState.Diverged, EpochsRun = 1, Error = "loss is NaN" });
        var finished = store.GetTrial(trial.Id)!;

        var refusals = new Action[]
        {
            () => store.Finish(trial.Id, Complete()),
            () => store.Heartbeat(trial.Id),
            () => store.AppendEpochs([Epoch(trial.Id, 2)]),
        };
        foreach (var write in refusals)
        {
            var e = Assert.Throws<InvalidOperationException>(write);
            Assert.Contains($"trial {trial.Id}", e.Message);
            Assert.Contains("Diverged", e.Message);
        }
        Assert.False(store.TryClaim(trial.Id, "cpu", "cpu0", out var seen));
        Assert.Equal(TrialState.Diverged, seen.State);
        Assert.Equal(0, store.RequeueStale(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(finished, store.GetTrial(trial.Id), TrialComparer);
        Assert.Single(store.GetEpochs(trial.Id));
        Assert.Null(store.LoadModel(trial.Id));
    }

    [Fact]
    public void Writes_to_a_trial_that_is_not_running_here_are_refused()
    {
        var store = NewStore();
        var trials = Seed(store, 2);
        var pending = Assert.Throws<InvalidOperationException>(() => store.Finish(trials[0].Id, Complete()));
        Assert.Contains("Pending", pending.Message);
        Assert.Throws<KeyNotFoundException>(() => store.TryClaim(987654, "cpu", "cpu0", out _));
        Assert.Null(store.GetTrial(987654));
        Assert.Throws<ArgumentException>(() => store.Finish(trials[0].Id, new TrialOutcome { State = TrialState.Running }));

        // Claimed by another process: this one may not write to it.
        store.Identity = new ProcessIdentity(Environment.MachineName, DeadPid(), DateTime.UtcNow);
        Claim(store, trials[1].Id);
        store.Identity = ProcessIdentity.Current;
        var foreign = Assert.Throws<InvalidOperationException>(() => store.AppendEpochs([Epoch(trials[1].Id, 1)]));
        Assert.Contains("not in this process", foreign.Message);
        Assert.Empty(store.GetEpochs(trials[1].Id));
    }

    [Fact]
    public void Epochs_upsert_by_trial_and_epoch_without_duplicates()
    {
        var store = NewStore();
        var trials = Seed(store, 2);
        foreach (var t in trials) Claim(store, t.Id);
        var a = trials[0].Id;
        store.AppendEpochs([Epoch(a, 1), Epoch(a, 2), Epoch(a, 3), Epoch(trials[1].Id, 1)]);
        store.AppendEpochs([Epoch(a, 3, scale: 5), Epoch(a, 2, scale: 5), Epoch(a, 4, scale: 5)]);
        store.AppendEpochs([Epoch(a, 2, scale: 7)]);

        var rows = store.GetEpochs(a);
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Epoch));
        Assert.Equal(Epoch(a, 1), rows[0]);
        Assert.Equal(Epoch(a, 2, scale: 7), rows[1]);
        Assert.Equal(Epoch(a, 3, scale: 5), rows[2]);
        Assert.Single(store.GetEpochs(trials[1].Id));
        Assert.Empty(store.GetEpochs(999));
        Assert.Throws<ArgumentException>(() => store.AppendEpochs([Epoch(a, -1)]));
    }

    [Fact]
    public void Model_bytes_round_trip_across_several_storage_chunks()
    {
        var store = NewStore();
        var trials = Seed(store, 2);
        var model = new byte[700_000]; // LiteDB stores files in 255 KiB chunks
        new Random(7).NextBytes(model);
        Claim(store, trials[0].Id);
        store.Finish(trials[0].Id, Complete(model));
        Claim(store, trials[1].Id);
        store.Finish(trials[1].Id, Complete(model: null));

        Assert.Equal(model, store.LoadModel(trials[0].Id));
        Assert.Null(store.LoadModel(trials[1].Id));
        Assert.Null(store.LoadModel(424242));
    }

    [Fact]
    public void Reclaiming_an_interrupted_trial_clears_the_earlier_attempt()
    {
        var store = NewStore();
        var trial = Seed(store, 1)[0];
        Claim(store, trial.Id);
        store.AppendEpochs([Epoch(trial.Id, 1), Epoch(trial.Id, 2)]);
        store.Finish(trial.Id, new TrialOutcome
        {
            State = TrialState.Interrupted,
            EpochsRun = 2,
            ValidationAccuracy = 0.5,
            Model = [9, 9],
        });
        Assert.Equal(TrialState.Interrupted, store.GetTrial(trial.Id)!.State);

        var again = Claim(store, trial.Id);
        Assert.Equal(TrialState.Running, again.State);
        Assert.Equal((0, (double?)null, (DateTime?)null), (again.EpochsRun, again.ValidationAccuracy, again.FinishedUtc));
        Assert.Equal(again, store.GetTrial(trial.Id), TrialComparer);
        Assert.Empty(store.GetEpochs(trial.Id));
        Assert.Null(store.LoadModel(trial.Id));
    }

    // ------------------------------------------------------------ stale trials

    [Fact]
    public void RequeueStale_requeues_a_trial_whose_process_is_dead()
    {
        var store = NewStore();
        var trials = Seed(store, 3);
        store.Identity = new ProcessIdentity(Environment.MachineName, DeadPid(), DateTime.UtcNow);
        Claim(store, trials[0].Id);
        store.AppendEpochs([Epoch(trials[0].Id, 1)]);
        store.Identity = ProcessIdentity.Current;
        Claim(store, trials[1].Id); // alive (this process), fresh heartbeat: stays

        Assert.Equal(1, store.RequeueStale(TimeSpan.FromHours(1)));
        var requeued = store.GetTrial(trials[0].Id)!;
        Assert.Equal(TrialState.Pending, requeued.State);
        Assert.Equal(((string?)null, (int?)null, (DateTime?)null), (requeued.Host, requeued.ProcessId, requeued.HeartbeatUtc));
        Assert.Single(store.GetEpochs(trials[0].Id)); // partial rows stay until the next claim
        Assert.Equal(TrialState.Running, store.GetTrial(trials[1].Id)!.State);
        Assert.Equal(TrialState.Pending, store.GetTrial(trials[2].Id)!.State);
        Assert.Equal(0, store.RequeueStale(TimeSpan.FromHours(1)));

        Claim(store, trials[0].Id);
        Assert.Empty(store.GetEpochs(trials[0].Id));
    }

    [Fact]
    public void RequeueStale_requeues_a_trial_whose_pid_was_recycled()
    {
        var store = NewStore();
        var trial = Seed(store, 1)[0];
        // Same pid as this process, but a start time an hour before it: some earlier process owned the trial.
        store.Identity = ProcessIdentity.Current with { ProcessStartUtc = ProcessIdentity.Current.ProcessStartUtc.AddHours(-1) };
        Claim(store, trial.Id);
        store.Identity = ProcessIdentity.Current;
        Assert.Equal(1, store.RequeueStale(TimeSpan.FromHours(1)));
        Assert.Equal(TrialState.Pending, store.GetTrial(trial.Id)!.State);
    }

    [Fact]
    public void RequeueStale_requeues_a_trial_with_an_old_heartbeat_on_any_host()
    {
        var store = NewStore();
        var trials = Seed(store, 3);
        var now = DateTime.UtcNow;
        store.ClockShift = TimeSpan.FromHours(-2);
        Claim(store, trials[0].Id); // this process, alive, but silent for two hours
        store.Identity = new ProcessIdentity("another-host", 1, now);
        Claim(store, trials[1].Id); // another host: only the heartbeat can tell
        store.ClockShift = TimeSpan.Zero;
        Claim(store, trials[2].Id); // another host, fresh heartbeat: stays
        store.Identity = ProcessIdentity.Current;

        Assert.Equal(2, store.RequeueStale(TimeSpan.FromMinutes(30)));
        Assert.Equal([TrialState.Pending, TrialState.Pending, TrialState.Running],
            store.GetTrials(Experiment).Select(t => t.State));

        // The process that lost trial 0 cannot finish it once someone else holds it.
        store.Identity = new ProcessIdentity("third-host", 3, now);
        Claim(store, trials[0].Id);
        store.Identity = ProcessIdentity.Current;
        Assert.Throws<InvalidOperationException>(() => store.Finish(trials[0].Id, Complete()));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.RequeueStale(TimeSpan.Zero));
    }

    // ------------------------------------------------------------ atomic finish

    [Theory]
    [InlineData("finish:trial-written")]
    [InlineData("finish:model-written")]
    public void Finish_is_atomic_a_fault_midway_leaves_the_trial_running_and_bare(string faultAt)
    {
        var store = NewStore();
        var trial = Seed(store, 1)[0];
        var running = Claim(store, trial.Id);
        store.AppendEpochs([Epoch(trial.Id, 1)]);
        var beforeFinish = store.GetTrial(trial.Id)!;
        store.FaultPoint = point => { if (point == faultAt) throw new IOException($"injected fault at {point}"); };

        var fault = Assert.Throws<IOException>(() => store.Finish(trial.Id, Complete([4, 5, 6])));
        Assert.Contains(faultAt, fault.Message);
        var after = store.GetTrial(trial.Id)!;
        Assert.Equal(beforeFinish, after, TrialComparer);
        Assert.Equal(TrialState.Running, after.State);
        Assert.Null(after.ValidationAccuracy);
        Assert.Null(after.FinishedUtc);
        Assert.Null(store.LoadModel(trial.Id));
        Assert.Single(store.GetEpochs(trial.Id));

        store.FaultPoint = null;
        store.Finish(trial.Id, Complete([4, 5, 6]));
        Assert.Equal(TrialState.Complete, store.GetTrial(trial.Id)!.State);
        Assert.Equal([4, 5, 6], store.LoadModel(trial.Id));
        Assert.Equal(running.StartedUtc, store.GetTrial(trial.Id)!.StartedUtc);
    }

    // ------------------------------------------------------------ threads

    [Fact]
    public void Threads_claiming_from_one_pool_claim_each_trial_exactly_once()
    {
        var store = NewStore();
        var trials = Seed(store, 24);
        var claims = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            foreach (var t in trials)
            {
                if (!store.TryClaim(t.Id, "cpu", $"thread{worker}", out _)) continue;
                claims.Add(t.Id);
                store.AppendEpochs([Epoch(t.Id, 1), Epoch(t.Id, 2)]);
                store.Finish(t.Id, Complete());
            }
        });
        Assert.Equal(trials.Select(t => t.Id).Order(), claims.Order());
        Assert.All(store.GetTrials(Experiment), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials, t => Assert.Equal(2, store.GetEpochs(t.Id).Count));
    }

    [Fact]
    public void A_disposed_store_refuses_calls()
    {
        var store = CreateStore();
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.ListExperiments());
    }

    // ------------------------------------------------------------ delete and rename

    /// <summary>Experiment <see cref="Experiment"/> with versions 1 and 2, each with a finished trial (epochs, model) and a pending one.</summary>
    private static (IReadOnlyList<TrialRecord> V1, IReadOnlyList<TrialRecord> V2) TwoVersions(IExperimentStore store)
    {
        var v1 = Seed(store, 2);
        var e2 = store.OpenExperiment(Experiment, Spec, Hash.Replace('a', 'f'), newVersion: true);
        var v2 = store.EnsureTrials(Experiment, e2.Version, Plan(2));
        foreach (var t in new[] { v1[0], v2[0] })
        {
            Claim(store, t.Id);
            store.AppendEpochs([Epoch(t.Id, 1), Epoch(t.Id, 2)]);
            store.Finish(t.Id, Complete([7, 8, 9]));
        }
        return (v1, v2);
    }

    [Fact]
    public void DeleteExperiment_of_one_version_removes_its_trials_epochs_and_models_and_keeps_the_other_version()
    {
        var store = NewStore();
        var (v1, v2) = TwoVersions(store);
        store.OpenExperiment("other", Spec, Hash, newVersion: false);

        Assert.True(store.DeleteExperiment(Experiment, version: 1));

        Assert.Null(store.GetExperiment(Experiment, 1));
        Assert.Empty(store.GetTrials(Experiment, 1));
        Assert.Null(store.GetTrial(v1[0].Id));
        Assert.Empty(store.GetEpochs(v1[0].Id));
        Assert.Null(store.LoadModel(v1[0].Id));
        Assert.Equal(2, store.GetExperiment(Experiment)!.Version);
        Assert.Equal(2, store.GetTrials(Experiment, 2).Count);
        Assert.Equal(2, store.GetEpochs(v2[0].Id).Count);
        Assert.Equal([7, 8, 9], store.LoadModel(v2[0].Id));
        Assert.False(store.DeleteExperiment(Experiment, version: 1));
        Assert.NotNull(store.GetExperiment("other"));
    }

    [Fact]
    public void DeleteExperiment_without_a_version_removes_every_version_and_is_false_when_absent()
    {
        var store = NewStore();
        var (v1, v2) = TwoVersions(store);

        Assert.True(store.DeleteExperiment(Experiment));

        Assert.Empty(store.ListExperiments());
        Assert.Null(store.GetTrial(v1[1].Id));
        Assert.Null(store.LoadModel(v2[0].Id));
        Assert.Empty(store.GetEpochs(v2[0].Id));
        Assert.False(store.DeleteExperiment(Experiment));
        Assert.False(store.DeleteExperiment("never-there"));
        // The name is free again: a new experiment under it starts at version 1.
        Assert.Equal(1, store.OpenExperiment(Experiment, Spec, Hash, newVersion: false).Version);
    }

    [Fact]
    public void DeleteExperiment_and_RenameExperiment_are_refused_while_a_trial_runs_and_change_nothing()
    {
        var store = NewStore();
        var trials = Seed(store, 2);
        Claim(store, trials[1].Id);

        var delete = Assert.Throws<InvalidOperationException>(() => store.DeleteExperiment(Experiment));
        Assert.Contains("running", delete.Message);
        Assert.Contains($"'{Experiment}'", delete.Message);
        var rename = Assert.Throws<InvalidOperationException>(() => store.RenameExperiment(Experiment, "renamed"));
        Assert.Contains("running", rename.Message);

        Assert.Equal(2, store.GetTrials(Experiment).Count);
        Assert.Null(store.GetExperiment("renamed"));
        store.Finish(trials[1].Id, Complete());
        Assert.True(store.DeleteExperiment(Experiment));
    }

    [Fact]
    public void RenameExperiment_moves_every_version_with_trials_epochs_and_models()
    {
        var store = NewStore();
        var (v1, v2) = TwoVersions(store);

        store.RenameExperiment(Experiment, "mnist-lr-2026");

        Assert.Null(store.GetExperiment(Experiment));
        Assert.Empty(store.GetTrials(Experiment));
        Assert.Equal([1, 2], store.ListExperiments().Select(e => e.Version));
        Assert.All(store.ListExperiments(), e => Assert.Equal("mnist-lr-2026", e.Name));
        Assert.Contains("\"mnist-lr-2026\"", store.GetExperiment("mnist-lr-2026", 1)!.SpecJson);
        var renamed = store.GetTrials("mnist-lr-2026", 1);
        Assert.Equal(v1.Select(t => (t.Id, t.Key)), renamed.Select(t => (t.Id, t.Key)));
        Assert.All(renamed, t => Assert.Equal("mnist-lr-2026", t.Experiment));
        Assert.Equal(2, store.GetEpochs(v2[0].Id).Count);
        Assert.Equal([7, 8, 9], store.LoadModel(v1[0].Id));
        // The renamed version keeps working: planning the same trials again adds none, a claim still works.
        Assert.Equal(2, store.EnsureTrials("mnist-lr-2026", 2, Plan(2)).Count);
        Assert.True(store.TryClaim(v2[1].Id, "cpu", "cpu0", out _));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("taken")]
    [InlineData(Experiment)]
    public void RenameExperiment_refuses_a_bad_or_taken_name_and_changes_nothing(string newName)
    {
        var store = NewStore();
        Seed(store, 1);
        store.OpenExperiment("taken", Spec, Hash, newVersion: false);

        var e = Assert.Throws<ArgumentException>(() => store.RenameExperiment(Experiment, newName));
        Assert.Contains($"'{newName}'", e.Message);

        Assert.Single(store.GetTrials(Experiment));
        Assert.Equal(["mnist-lr", "taken"], store.ListExperiments().Select(x => x.Name));
        Assert.Throws<ArgumentException>(() => store.RenameExperiment("absent", "fresh"));
    }

    /// <summary>Records hold a dictionary, so record equality compares it by reference; this compares its content.</summary>
    protected static readonly IEqualityComparer<TrialRecord> TrialComparer = new TrialRecordComparer();

    private sealed class TrialRecordComparer : IEqualityComparer<TrialRecord>
    {
        private static readonly Dictionary<string, string> NoParams = [];

        public bool Equals(TrialRecord? x, TrialRecord? y) =>
            x is not null && y is not null &&
            x with { Params = NoParams } == y with { Params = NoParams } &&
            x.Params.Count == y.Params.Count && x.Params.All(p => y.Params.TryGetValue(p.Key, out var v) && v == p.Value);

        public int GetHashCode(TrialRecord obj) => obj.Id.GetHashCode();
    }
}
