using System.Runtime.CompilerServices;
using System.Diagnostics;
using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// Trains an MLP with minibatch gradient descent on the CPU reference engine.
/// <para>
/// Per epoch: shuffle the training split (seeded), step through batches (forward, loss, backward, regularizer
/// gradient, optimizer step), then evaluate the validation split with the full network (no dropout).
/// TrainLoss is the mean per-example loss over the epoch's batches as they were trained (dropout on, weights
/// changing) plus the regularization penalty (L2/2·Σw² + L1·Σ|w| on the decayed weights; AdamW's decoupled
/// decay is not a loss term) at the epoch's end. TrainAccuracy is the fraction of training examples whose batch
/// forward pass ranked the label first. Validation loss is the mean data loss without the penalty.
/// </para>
/// Deterministic: same seed and config give bit-identical weights and history for any thread count.
/// The hot path is compiled fully optimized up front (AggressiveOptimization) so the first epoch does not run
/// tier-0 code.
/// </summary>
public static class Trainer
{
    private const int InitStream = 1, ShuffleStream = 2, DropoutStream = 3;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TrainResult Train(TrainConfig config, DataSplits data, TrainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        ConfigValidator.ThrowIfInvalid(config);
        options ??= new TrainOptions();
        var clock = Stopwatch.StartNew();
        var train = data.Train;
        if (train.Count == 0) throw new ArgumentException($"training split '{train.Name}' is empty");
        int inputs = train.FeatureCount, outputs = train.OutputCount;
        foreach (var d in new[] { train, data.Validation, data.Test })
            Targets.CheckCompatible(d, inputs, outputs, config.Loss);
        if (config.EarlyStopping is { } es)
        {
            // Without these checks early stopping would silently stop after `patience` epochs with no best epoch.
            if (data.Validation.Count == 0)
                throw new ArgumentException($"early_stopping: validation split '{data.Validation.Name}' is empty; early stopping needs validation examples");
            if (es.Monitor == Monitor.ValAccuracy && data.Validation.Labels is null)
                throw new ArgumentException($"early_stopping.monitor: 'val_accuracy' needs class labels, and validation split '{data.Validation.Name}' has none; use val_loss");
        }

        Standardization? standardization = null;
        var validation = data.Validation;
        if (config.Standardize)
        {
            standardization = Standardization.Fit(train);
            train = standardization.Apply(train);
            validation = standardization.Apply(validation);
        }

        var spec = NetworkSpec.From(config, inputs, outputs);
        var layout = spec.Layout;
        var parameters = new float[layout.Count];
        var gradients = new float[layout.Count];
        var initRng = Rng.Stream(config.Seed, InitStream);
        Initializer.Fill(config.Init, config.InitSigma, layout, parameters, ref initRng);
        var decayed = layout.Decayed(config.DecayBiases);
        var optimizer = Optimizers.Create(config, layout.Count, decayed);

        int n = train.Count;
        int batchSize = config.BatchSize == 0 ? n : Math.Min(config.BatchSize, n);
        int threads = WorkerPool.Resolve(config.Threads);
        using var ops = new CpuOps(threads);
        using var evalPool = new WorkerPool(threads);
        var mlp = new Mlp(spec, ops, batchSize);
        var shuffleRng = Rng.Stream(config.Seed, ShuffleStream);
        var dropoutRng = Rng.Stream(config.Seed, DropoutStream);
        bool dropout = spec.Dropout > 0 || spec.InputDropout > 0;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var x = new float[batchSize * inputs];
        var t = new float[batchSize * outputs];
        var predicted = new int[batchSize];

        var history = new List<EpochMetrics>();
        var monitor = config.EarlyStopping ?? new EarlyStopping
        {
            Monitor = train.Labels is null ? Monitor.ValLoss : Monitor.ValAccuracy,
            Patience = int.MaxValue,
            RestoreBest = false,
        };
        var stopper = new EarlyStopper(monitor);
        bool restoreBest = config.EarlyStopping is { RestoreBest: true };
        float[]? best = restoreBest ? new float[layout.Count] : null;
        var stop = StopReason.MaxEpochs;
        var token = options.CancellationToken;

        for (int epoch = 0; epoch < config.Epochs && stop == StopReason.MaxEpochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            double lr = LearningRateSchedule.Rate(config, epoch);
            shuffleRng.Shuffle(order);
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < n; start += batchSize)
            {
                if (token.IsCancellationRequested) { stop = StopReason.Cancelled; break; }
                int b = Math.Min(batchSize, n - start);
                var idx = order.AsSpan(start, b);
                for (int i = 0; i < b; i++) train.Row(idx[i]).CopyTo(x.AsSpan(i * inputs, inputs));
                Targets.Gather(train, idx, t);
                if (dropout) mlp.DrawMasks(ref dropoutRng, b);
                mlp.Forward(parameters, x, b, train: true);
                double batchLoss = mlp.Backward(parameters, x, t, b, train: true, gradients);
                if (!double.IsFinite(batchLoss)) { stop = StopReason.Diverged; break; }
                lossSum += batchLoss;
                if (train.Labels is { } labels)
                {
                    ops.Argmax(mlp.Output(b), predicted, b, outputs);
                    for (int i = 0; i < b; i++) if (predicted[i] == labels[idx[i]]) correct++;
                }
                mlp.AddRegularization(parameters, gradients, decayed);
                optimizer.Step(parameters, gradients, lr);
            }
            if (stop != StopReason.MaxEpochs) break;

            double trainLoss = lossSum / n + mlp.Penalty(parameters, decayed);
            var val = Evaluator.Run(spec, parameters, validation, evalPool);
            if (!double.IsFinite(trainLoss) || (validation.Count > 0 && !double.IsFinite(val.Loss))) stop = StopReason.Diverged;
            var row = new EpochMetrics(epoch + 1, trainLoss, train.Labels is null ? double.NaN : (double)correct / n,
                val.Loss, val.Accuracy, lr, epochClock.Elapsed.TotalSeconds);
            history.Add(row);
            options.Log?.Invoke(FormatRow(row, config.Epochs));
            if (stop == StopReason.Diverged) break;
            if (stopper.Update(row) && best is not null) parameters.CopyTo(best, 0);
            if (options.OnEpoch is { } onEpoch && !onEpoch(row)) stop = StopReason.Pruned;
            else if (config.EarlyStopping is not null && stopper.ShouldStop) stop = StopReason.EarlyStopped;
        }

        if (best is not null && stopper.BestEpoch > 0) parameters = best;
        var model = new Model(config, layout.Sizes, standardization, parameters);
        return new TrainResult(model, history, stopper.BestEpoch, stop, clock.Elapsed.TotalSeconds);
    }

    private static string FormatRow(EpochMetrics m, int epochs) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"epoch {m.Epoch}/{epochs}: train loss {m.TrainLoss:F4} acc {m.TrainAccuracy:P2} | val loss {m.ValidationLoss:F4} acc {m.ValidationAccuracy:P2} | lr {m.LearningRate:G4} | {m.Seconds:F2}s");
}
