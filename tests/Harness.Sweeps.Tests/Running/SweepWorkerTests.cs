using System.Collections.Concurrent;
using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

/// <summary>SweepWorker: waits for trials held by other workers, takes over a silent one, stops when nothing is left.</summary>
public sealed class SweepWorkerTests
{
    private static ExperimentSpec Spec() => Specs.Parse(Specs.Xor("""{"space": {"learning_rate": [0.1, 0.2, 0.6]}}"""));

    private sealed class Messages : ISweepObserver
    {
        public ConcurrentQueue<string> Lines { get; } = [];
        public void Message(string line) => Lines.Enqueue(line);
    }

    [Fact]
    public void A_trial_held_by_a_silent_worker_is_waited_for_then_requeued_and_trained_here()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Spec();
        // Another worker opened the experiment and claimed one trial, then fell silent (no heartbeat).
        var e = store.OpenExperiment(spec.Name, spec.ToJson(), SpecHashes.For(store, spec), newVersion: false);
        var planned = TrialPlanner.Plan(spec, e.Version, spec.CreateSampler().Plan([]), []);
        var held = store.EnsureTrials(spec.Name, e.Version, planned)[0];
        Assert.True(store.TryClaim(held.Id, "cpu", "elsewhere", out _));

        var messages = new Messages();
        var options = new SweepOptions { StaleGrace = TimeSpan.FromMilliseconds(1500), Observer = messages };
        var summary = new SweepWorker(store, new FakeExecutor(), options, poll: TimeSpan.FromMilliseconds(50)).Run(spec, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(summary.Interrupted);
        Assert.Equal(3, summary.RanHere); // two at once, the held one after its lease ran out
        Assert.All(store.GetTrials(spec.Name), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal("fake", store.GetTrial(held.Id)!.Device);
        Assert.Contains(messages.Lines, l => l.StartsWith("waiting: 1 trial(s) running in other workers", StringComparison.Ordinal));
        Assert.Contains(messages.Lines, l => l.Contains("re-queued 1 trial(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_left_to_run_returns_at_once_and_cancellation_stops_the_wait()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var spec = Spec();
        Assert.Equal(3, new SweepWorker(store, new FakeExecutor(), new SweepOptions(), TimeSpan.FromSeconds(30)).Run(spec, cancellationToken: TestContext.Current.CancellationToken).RanHere);
        Assert.Equal(0, new SweepWorker(store, new FakeExecutor(), new SweepOptions(), TimeSpan.FromSeconds(30)).Run(spec, cancellationToken: TestContext.Current.CancellationToken).RanHere);

        using var other = LiteDbExperimentStore.InMemory();
        var e = other.OpenExperiment(spec.Name, spec.ToJson(), SpecHashes.For(other, spec), newVersion: false);
        var held = other.EnsureTrials(spec.Name, e.Version, TrialPlanner.Plan(spec, e.Version, spec.CreateSampler().Plan([]), []))[0];
        Assert.True(other.TryClaim(held.Id, "cpu", "elsewhere", out _));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var summary = new SweepWorker(other, new FakeExecutor(), new SweepOptions(), TimeSpan.FromSeconds(30)).Run(spec, cancel.Token);
        Assert.True(summary.Interrupted);
        Assert.Equal(TrialState.Running, other.GetTrial(held.Id)!.State);
    }

    [Fact]
    public void Progress_by_host_counts_unclaimed_running_done_and_failed_trials()
    {
        var t0 = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        TrialRecord T(TrialState s, string? host, int minute = 0) => new()
        {
            Experiment = "x",
            Key = Guid.NewGuid().ToString(),
            ConfigJson = "{}",
            State = s,
            Host = host,
            HeartbeatUtc = host is null ? null : t0.AddMinutes(minute),
        };
        var rows = HostProgress.Of([
            T(TrialState.Pending, null), T(TrialState.Interrupted, "b"), T(TrialState.Running, "b", 1), T(TrialState.Running, "b", 3),
            T(TrialState.Complete, "a"), T(TrialState.Pruned, "a"), T(TrialState.Failed, "a"), T(TrialState.Diverged, "b"),
        ]);
        Assert.Equal([new HostProgress(null, 2, 0, 0, 0, null), new HostProgress("a", 0, 0, 2, 1, null),
            new HostProgress("b", 0, 2, 1, 0, t0.AddMinutes(3))], rows);
    }
}
