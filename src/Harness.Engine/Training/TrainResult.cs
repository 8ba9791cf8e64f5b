namespace Harness.Engine;

/// <summary>
/// Outcome of <see cref="Trainer.Train"/>. <paramref name="Model"/> holds the best epoch's weights when early
/// stopping with RestoreBest found one, else the last weights. <paramref name="History"/> has one row per completed
/// epoch. <paramref name="BestEpoch"/> is the 1-based epoch with the best monitored validation metric (the early
/// stopping monitor, else validation accuracy, or validation loss for sets without labels); 0 if none was finite.
/// <paramref name="Divergence"/> is set when the run diverged: the epoch and the reason, e.g.
/// <c>diverged in epoch 3: the training loss became NaN or infinite</c>.
/// </summary>
public sealed record TrainResult(Model Model, IReadOnlyList<EpochMetrics> History, int BestEpoch, StopReason StopReason, double Seconds,
    string? Divergence = null);
