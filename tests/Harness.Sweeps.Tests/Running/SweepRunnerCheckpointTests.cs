using System.Collections.Concurrent;
using Harness.Data;
using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps.Tests.Running;

/// <summary>
/// Checkpoints through the runner and the real CPU executor: a trial interrupted mid-way goes on from its last
/// checkpoint in the next sweep and ends exactly as it does uninterrupted (rows, model, test metrics); on an engine
/// that does not resume, it starts again and ends the same.
/// </summary>
public sealed class SweepRunnerCheckpointTests
{
    private static ExperimentSpec Spec() => Specs.Parse("""
        {
          "name": "t",
          "dataset": { "name": "xor" },
          "base": { "hidden": [8], "optimizer": "adam", "learning_rate": 0.05, "dropout": 0.1, "epochs": 8,
                    "early_stopping": { "patience": 50, "restore_best": true } },
          "search": { "space": { "learning_rate": [0.05, 0.02] } }
        }
        """);

    /// <summary>Cancels the sweep after epoch <paramref name="epoch"/> of trial 0, and keeps the messages.</summary>
    private sealed class CancelAfter(int epoch, CancellationTokenSource cts) : ISweepObserver
    {
        public ConcurrentQueue<string> Lines { get; } = [];
        public void Message(string line) => Lines.Enqueue(line);
        public void EpochFinished(TrialRecord trial, EpochMetrics row)
        {
            if (trial.Number == 0 && row.Epoch == epoch) cts.Cancel();
        }
    }

    private static string Rows(IExperimentStore store, TrialRecord t) => string.Join("\n", store.GetEpochs(t.Id).Select(e =>
        $"{e.Epoch} {e.TrainLoss:R} {e.TrainAccuracy:R} {e.ValidationLoss:R} {e.ValidationAccuracy:R} {e.LearningRate:R}"));

    private static SweepSummary Sweep(IExperimentStore store, IEngine engine, SweepOptions options, CancellationToken ct)
    {
        var spec = Spec();
        using var executor = new EngineCohortExecutor(engine, DatasetCatalog.Load(spec.Dataset));
        return new SweepRunner(store, executor, options).Run(spec, ct);
    }

    private static void AssertSameTrials(IExperimentStore expected, IExperimentStore actual)
    {
        var want = expected.GetTrials("t");
        var got = actual.GetTrials("t");
        Assert.Equal(want.Count, got.Count);
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal((TrialState.Complete, w.EpochsRun, w.BestEpoch, w.TestAccuracy, w.TestLoss), (g.State, g.EpochsRun, g.BestEpoch, g.TestAccuracy, g.TestLoss));
            Assert.Equal(Rows(expected, w), Rows(actual, g));
            Assert.Equal(expected.LoadModel(w.Id), actual.LoadModel(g.Id));
            Assert.Null(actual.LoadCheckpoint(g.Id)); // gone once the trial finished
        }
    }

    /// <summary>
    /// Runs the sweep with checkpoints <paramref name="every"/> apart (default: after every epoch) and stops it after
    /// trial 0's epoch 3; returns the store.
    /// </summary>
    private static LiteDbExperimentStore Interrupted(TimeSpan? every = null)
    {
        var store = LiteDbExperimentStore.InMemory();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var summary = Sweep(store, new CpuEngine(), new SweepOptions { CheckpointEvery = every ?? TimeSpan.FromTicks(1), Observer = new CancelAfter(3, cts) }, cts.Token);
        Assert.True(summary.Interrupted);
        var first = store.GetTrials("t")[0];
        Assert.Equal(TrialState.Interrupted, first.State);
        Assert.Equal(3, store.LoadCheckpoint(first.Id)!.Epoch); // after epoch 3: due then, or stored by the stop
        return store;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // no checkpoint due before the stop, which stores the state of the last whole epoch
    public void An_interrupted_trial_goes_on_from_its_checkpoint_and_ends_as_an_uninterrupted_one(bool hourly)
    {
        var ct = TestContext.Current.CancellationToken;
        using var reference = LiteDbExperimentStore.InMemory();
        Sweep(reference, new CpuEngine(), new SweepOptions(), ct);
        using var store = Interrupted(hourly ? TimeSpan.FromHours(1) : null);

        var observer = new CancelAfter(int.MaxValue, new CancellationTokenSource());
        var summary = Sweep(store, new CpuEngine(), new SweepOptions { Observer = observer }, ct);
        Assert.Equal(2, summary.Count(TrialState.Complete));
        Assert.Contains("trial 0 goes on from its checkpoint after epoch 3", observer.Lines);
        AssertSameTrials(reference, store);
    }

    [Fact]
    public void On_an_engine_that_does_not_resume_the_trial_starts_again_and_ends_the_same()
    {
        var ct = TestContext.Current.CancellationToken;
        using var reference = LiteDbExperimentStore.InMemory();
        Sweep(reference, new CpuEngine(), new SweepOptions(), ct);
        using var store = Interrupted();

        var gpu = new RecordingEngine(preferredCohortSize: 1); // "cuda": trains on a CPU engine, but resumes nothing
        var observer = new CancelAfter(int.MaxValue, new CancellationTokenSource());
        Sweep(store, gpu, new SweepOptions { Observer = observer, CheckpointEvery = TimeSpan.FromTicks(1) }, ct);
        Assert.DoesNotContain(observer.Lines, l => l.Contains("checkpoint", StringComparison.Ordinal));
        AssertSameTrials(reference, store);
    }
}
