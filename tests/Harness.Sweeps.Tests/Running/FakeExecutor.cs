using System.Collections.Concurrent;
using Harness.Engine;

namespace Harness.Sweeps.Tests.Running;

/// <summary>
/// Pretends to train: reports Epochs epochs whose validation accuracy is the learning rate (so trials order
/// predictably), and behaves by learning rate: 0.3 throws, 0.4 diverges at epoch 2, 0.5 cancels the sweep at
/// epoch 2 (as Ctrl+C would). Records which configs it ran.
/// </summary>
internal sealed class FakeExecutor(CancellationTokenSource? cancelOn05 = null) : ITrialExecutor
{
    public ConcurrentBag<TrainConfig> Ran { get; } = [];

    public TrialExecution Execute(TrialRequest request)
    {
        var c = request.Config;
        Ran.Add(c);
        if (c.LearningRate == 0.3) throw new InvalidOperationException("boom at lr 0.3");
        var history = new List<EpochMetrics>();
        for (int e = 1; e <= c.Epochs; e++)
        {
            if (c.LearningRate == 0.5 && e == 2) cancelOn05?.Cancel();
            if (request.CancellationToken.IsCancellationRequested)
                return new TrialExecution(history, 0, StopReason.Cancelled, 0.01, null, null, null);
            bool diverged = c.LearningRate == 0.4 && e == 2;
            var m = new EpochMetrics(e, diverged ? double.NaN : 1.0 / e, 0.5, diverged ? double.NaN : 1.0 / e, c.LearningRate + e * 1e-3, c.LearningRate, 0.001);
            history.Add(m);
            if (diverged) return new TrialExecution(history, 1, StopReason.Diverged, 0.01, null, null, null);
            if (!request.OnEpoch(m)) return new TrialExecution(history, e, StopReason.Pruned, 0.01, 0.1, 1.0, [1, 2]);
        }
        return new TrialExecution(history, history.Count, StopReason.MaxEpochs, 0.01, c.LearningRate, 1.0, [1, 2, 3]);
    }
}
