using Harness.Data;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Training;

/// <summary>Determinism, stopping rules, cancellation and pruning.</summary>
public sealed class TrainerBehaviourTests
{
    private static readonly TrainConfig Base = new()
    {
        Hidden = [33, 17],
        Activation = Activation.Relu,
        Loss = Loss.SoftmaxCrossEntropy,
        Init = Init.He,
        Optimizer = Optimizer.Momentum,
        LearningRate = 0.05,
        BatchSize = 40,
        Epochs = 4,
        Seed = 42,
        Dropout = 0.2,
        InputDropout = 0.1,
        L2 = 1e-3,
        L1 = 1e-4,
        Standardize = true,
    };

    private static void AssertSameRun(TrainResult a, TrainResult b)
    {
        Assert.Equal(a.Model.Parameters, b.Model.Parameters); // bit-identical floats
        Assert.Equal(a.History.Count, b.History.Count);
        for (int i = 0; i < a.History.Count; i++)
            Assert.Equal(a.History[i] with { Seconds = 0 }, b.History[i] with { Seconds = 0 });
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_and_history()
    {
        var data = TestData.BlobSplits();
        AssertSameRun(Trainer.Train(Base, data), Trainer.Train(Base, data));
        var other = Trainer.Train(Base with { Seed = 43 }, data);
        Assert.NotEqual(Trainer.Train(Base, data).Model.Parameters, other.Model.Parameters);
    }

    [Fact]
    public void Thread_count_does_not_change_results()
    {
        // Large enough that products cross the parallel threshold (batch 128 x 300 x 200 multiply-adds) and
        // validation spans several evaluation chunks.
        var all = TestData.Blobs(1500, 300, 5, seed: 3, spread: 4);
        var data = new DataSplits(all.Slice(0, 1000), all.Slice(1000, 500), all.Slice(1000, 500));
        var config = Base with { Hidden = [202, 37], BatchSize = 128, Epochs = 2, Optimizer = Optimizer.Adam, LearningRate = 1e-3 };
        var one = Trainer.Train(config with { Threads = 1 }, data);
        var two = Trainer.Train(config with { Threads = 2 }, data);
        var three = Trainer.Train(config with { Threads = 3 }, data);
        AssertSameRun(one, two);
        AssertSameRun(one, three);
    }

    [Fact]
    public void Early_stopping_stops_and_restores_the_best_epochs_weights()
    {
        var data = TestData.BlobSplits(spread: 6);
        // Monitoring validation loss with a large learning rate: the loss stops improving after a few epochs.
        var config = Base with
        {
            Epochs = 200,
            LearningRate = 0.3,
            Dropout = 0,
            InputDropout = 0,
            L1 = 0,
            L2 = 0,
            EarlyStopping = new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 3, RestoreBest = true },
        };
        var result = Trainer.Train(config, data);
        Assert.Equal(StopReason.EarlyStopped, result.StopReason);
        Assert.True(result.History.Count < 200);
        Assert.Equal(result.BestEpoch + 3, result.History.Count);
        double bestLoss = result.History.Min(h => h.ValidationLoss);
        Assert.Equal(bestLoss, result.History[result.BestEpoch - 1].ValidationLoss);
        // The returned model is the best epoch's: evaluating it reproduces that epoch's validation loss exactly.
        var eval = Evaluator.Evaluate(result.Model, data.Validation);
        Assert.Equal(result.History[result.BestEpoch - 1].ValidationLoss, eval.Loss, 12);

        // Without RestoreBest the last weights come back.
        var last = Trainer.Train(config with { EarlyStopping = config.EarlyStopping! with { RestoreBest = false } }, data);
        Assert.Equal(result.History.Count, last.History.Count);
        Assert.Equal(last.History[^1].ValidationLoss, Evaluator.Evaluate(last.Model, data.Validation).Loss, 12);
    }

    [Fact]
    public void Huge_learning_rate_is_reported_as_diverged_at_once()
    {
        var data = TestData.BlobSplits();
        var config = Base with { Loss = Loss.Quadratic, Activation = Activation.Identity, LearningRate = 1e6, Epochs = 50, Dropout = 0, InputDropout = 0 };
        var result = Trainer.Train(config, data);
        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.True(result.History.Count <= 1, $"{result.History.Count} epochs recorded");
    }

    [Fact]
    public void Cancellation_returns_promptly_with_the_epochs_done()
    {
        var data = TestData.BlobSplits();
        using var cts = new CancellationTokenSource();
        int epochs = 0;
        var options = new TrainOptions
        {
            CancellationToken = cts.Token,
            OnEpoch = m => { if (++epochs == 2) cts.Cancel(); return true; },
        };
        var result = Trainer.Train(Base with { Epochs = 1000 }, data, options);
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(2, result.History.Count);

        // Already cancelled: no epoch runs.
        var none = Trainer.Train(Base, data, new TrainOptions { CancellationToken = new CancellationToken(true) });
        Assert.Equal((StopReason.Cancelled, 0), (none.StopReason, none.History.Count));
    }

    [Fact]
    public void Cancellation_mid_epoch_stops_between_batches()
    {
        // One epoch is 200k single-example steps (well over a second); cancelling 100 ms in must not wait for its end.
        var big = TestData.Blobs(200_000, 20, 4, seed: 6, spread: 3);
        var data = new DataSplits(big, big.Slice(0, 100), big.Slice(0, 100));
        using var cts = new CancellationTokenSource();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        cts.Token.Register(() => cancelledAt = sw.Elapsed);
        // A thread of its own, not CancelAfter's thread-pool timer: with the pool busy under a loaded test run that timer
        // fired only after all 3 epochs had ended.
        var canceller = new Thread(() => { Thread.Sleep(100); cts.Cancel(); }) { IsBackground = true };
        canceller.Start();
        // Plain SGD with a small rate: Base's momentum at batch size 1 diverges within the first 100 ms (StopReason.Diverged).
        var config = Base with { BatchSize = 1, Epochs = 3, Threads = 1, Optimizer = Optimizer.Sgd, LearningRate = 0.001, Standardize = false };
        var result = Trainer.Train(config, data, new TrainOptions { CancellationToken = cts.Token });
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Empty(result.History);
        // Measured from the cancellation, not from the start: set-up time on a busy machine is not the point.
        var after = sw.Elapsed - cancelledAt;
        Assert.True(after.TotalSeconds < 0.5, $"returned {after.TotalSeconds:F2} s after the cancellation");
    }

    [Fact]
    public void OnEpoch_returning_false_prunes()
    {
        var data = TestData.BlobSplits();
        var seen = new List<EpochMetrics>();
        var result = Trainer.Train(Base with { Epochs = 10 }, data, new TrainOptions { OnEpoch = m => { seen.Add(m); return m.Epoch < 3; } });
        Assert.Equal(StopReason.Pruned, result.StopReason);
        Assert.Equal(3, result.History.Count);
        Assert.Equal([1, 2, 3], seen.Select(m => m.Epoch));
        Assert.Equal(result.History, seen);
    }

    [Fact]
    public void History_rows_carry_the_scheduled_rate_and_sane_metrics()
    {
        var data = TestData.BlobSplits();
        var config = Base with { Schedule = Schedule.Step, StepEpochs = 2, DecayRate = 0.5, Epochs = 5, LearningRate = 0.08 };
        var logs = new List<string>();
        var result = Trainer.Train(config, data, new TrainOptions { Log = logs.Add });
        Assert.Equal(5, logs.Count);
        for (int e = 0; e < 5; e++)
        {
            var m = result.History[e];
            Assert.Equal(e + 1, m.Epoch);
            Assert.Equal(LearningRateSchedule.Rate(config, e), m.LearningRate);
            Assert.InRange(m.TrainAccuracy, 0, 1);
            Assert.InRange(m.ValidationAccuracy, 0, 1);
            Assert.True(m.TrainLoss > 0 && m.ValidationLoss > 0 && m.Seconds >= 0);
        }
        Assert.True(result.History[^1].ValidationAccuracy > 0.9, $"{result.History[^1]}");
    }

    [Fact]
    public void Full_batch_and_pure_sgd_both_train()
    {
        var data = TestData.BlobSplits();
        var full = Trainer.Train(Base with { BatchSize = 0, Epochs = 30, LearningRate = 0.2 }, data);
        Assert.True(full.StopReason == StopReason.MaxEpochs, $"{full.StopReason} after {full.History.Count}");
        var sgd = Trainer.Train(Base with { BatchSize = 1, Epochs = 2, LearningRate = 0.01, Optimizer = Optimizer.Sgd, Dropout = 0, InputDropout = 0 }, data);
        Assert.True(sgd.StopReason == StopReason.MaxEpochs, $"{sgd.StopReason} after {sgd.History.Count}");
        Assert.True(full.History[^1].ValidationAccuracy > 0.9, $"{full.History[^1]}");
        Assert.True(sgd.History[^1].ValidationAccuracy > 0.9, $"{sgd.History[^1]}");
    }

    [Fact]
    public void Every_optimizer_init_and_loss_trains_on_blobs()
    {
        var data = TestData.BlobSplits();
        foreach (var opt in Enum.GetValues<Optimizer>())
        {
            double lr = opt switch { Optimizer.Sgd or Optimizer.Momentum or Optimizer.Nesterov or Optimizer.Adagrad => 0.05, _ => 0.005 };
            var r = Trainer.Train(Base with { Optimizer = opt, LearningRate = lr, Epochs = 5 }, data);
            Assert.True(r.History[^1].ValidationAccuracy > 0.85, $"{opt}: {r.History[^1]}");
        }
        foreach (var init in Enum.GetValues<Init>())
        {
            var r = Trainer.Train(Base with { Init = init, InitSigma = 0.1, Activation = Activation.Tanh, Epochs = 5 }, data);
            Assert.True(r.History[^1].ValidationAccuracy > 0.85, $"{init}: {r.History[^1]}");
        }
        // (Absolute cost is a regression loss: one-hot targets pull its outputs to the median, 0; see the next test.)
        foreach (var loss in new[] { Loss.Quadratic, Loss.SigmoidCrossEntropy, Loss.Hinge })
        {
            var r = Trainer.Train(Base with { Loss = loss, OutputActivation = Activation.Sigmoid, Epochs = 8, LearningRate = 0.2 }, data);
            Assert.True(r.History[^1].ValidationAccuracy > 0.85, $"{loss}: {r.History[^1]}");
        }
    }

    [Fact]
    public void Standardize_fits_on_train_and_rescues_badly_scaled_features()
    {
        // Blobs shifted by 500 and scaled by 100: sigmoid units saturate without standardization.
        var data = TestData.BlobSplits();
        Dataset Scale(Dataset d) => new(d.Name, [.. d.Features.Select(v => v * 100f + 500f)], d.FeatureCount, d.Labels, d.ClassCount);
        var scaled = new DataSplits(Scale(data.Train), Scale(data.Validation), Scale(data.Test));
        var config = Base with { Activation = Activation.Sigmoid, Init = Init.GlorotNormal, Optimizer = Optimizer.Sgd, LearningRate = 0.5, Epochs = 10, Dropout = 0, InputDropout = 0, L1 = 0, L2 = 0 };
        var raw = Trainer.Train(config with { Standardize = false }, scaled);
        var standardized = Trainer.Train(config with { Standardize = true }, scaled);
        Assert.True(standardized.History[^1].ValidationAccuracy > 0.9, $"{standardized.History[^1]}");
        Assert.True(raw.History[^1].ValidationAccuracy < standardized.History[^1].ValidationAccuracy - 0.2, $"{raw.History[^1]}");
        // The fit comes from the training split only and travels with the model, which takes raw inputs.
        var expected = Standardization.Fit(scaled.Train);
        Assert.Equal(expected.Mean, standardized.Model.Preprocessing!.Mean);
        Assert.Equal(expected.Std, standardized.Model.Preprocessing.Std);
        Assert.True(Evaluator.Evaluate(standardized.Model, scaled.Test).Accuracy > 0.9);
    }

    [Fact]
    public void Training_steps_do_not_allocate()
    {
        // 3000 single-example steps per epoch. The 3 extra epochs of the longer run may allocate per-epoch bookkeeping
        // (evaluation workspace for 8 validation examples, history growth): allowed 16 KB per epoch. One object of the
        // smallest size (24 bytes) per step would add 9000 x 24 = 216 KB.
        var all = TestData.Blobs(3008, 20, 4, seed: 2, spread: 3);
        var data = new DataSplits(all.Slice(0, 3000), all.Slice(3000, 8), all.Slice(3000, 8));
        var config = Base with { BatchSize = 1, Epochs = 1, Threads = 1, Optimizer = Optimizer.Adam, LearningRate = 1e-3 };
        Trainer.Train(config, data); // warm up (JIT)
        long Allocated(int epochs)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Train(config with { Epochs = epochs }, data);
            return GC.GetAllocatedBytesForCurrentThread() - before; // Threads = 1: all work runs on this thread, other tests do not count
        }
        long extra = Allocated(4) - Allocated(1);
        Assert.True(extra < 3 * 16_384, $"{extra} bytes over 3 extra epochs ({extra / 9000.0:F2} per step)");
    }

    [Fact]
    public void Absolute_loss_fits_a_line_despite_outliers()
    {
        // y = 2x + 1 with 10% gross outliers: least absolute deviations ignores them (least squares would not).
        var rng = new Rng(4);
        int n = 300;
        var x = new float[n];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
            y[i] = 2 * x[i] + 1 + (i % 10 == 0 ? 20f : 0f);
        }
        var d = new Dataset("line", x, 1, null, 0, y, 1);
        var config = new TrainConfig { Hidden = [], Loss = Loss.Absolute, OutputActivation = Activation.Identity, Init = Init.GlorotUniform, LearningRate = 0.05, BatchSize = 10, Epochs = 200 };
        var model = Trainer.Train(config, new DataSplits(d, d, d)).Model;
        Assert.Equal(2.0, model.Weights(0)[0], 0.15);
        Assert.Equal(1.0, model.Biases(0)[0], 0.15);
    }

    [Fact]
    public void Sigmoid_cross_entropy_learns_multi_label_targets()
    {
        // Two independent labels: bit 0 = x0 > 0, bit 1 = x1 > 0.
        var rng = new Rng(5);
        int n = 400;
        var x = new float[n * 2];
        var t = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)rng.NextGaussian(); x[2 * i + 1] = (float)rng.NextGaussian();
            t[2 * i] = x[2 * i] > 0 ? 1 : 0; t[2 * i + 1] = x[2 * i + 1] > 0 ? 1 : 0;
        }
        var d = new Dataset("multi", x, 2, null, 0, t, 2);
        var config = new TrainConfig { Hidden = [8], Activation = Activation.Tanh, Loss = Loss.SigmoidCrossEntropy, LearningRate = 0.5, BatchSize = 20, Epochs = 30 };
        var r = Trainer.Train(config, new DataSplits(d, d, d));
        Assert.True(double.IsNaN(r.History[^1].ValidationAccuracy));
        int right = 0;
        for (int i = 0; i < n; i++)
        {
            var p = r.Model.Predict(x.AsSpan(2 * i, 2));
            if ((p[0] > 0.5f) == (t[2 * i] == 1) && (p[1] > 0.5f) == (t[2 * i + 1] == 1)) right++;
        }
        Assert.True(right > n * 0.95, $"{right}/{n} examples with both labels right");
    }
}
