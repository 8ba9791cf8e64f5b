namespace Harness.Engine;

/// <summary>Hooks for a training run.</summary>
public sealed record TrainOptions
{
    /// <summary>Called after every epoch with its history row; return false to stop (the run ends as <see cref="StopReason.Pruned"/>).</summary>
    public Func<EpochMetrics, bool>? OnEpoch { get; init; }
    /// <summary>Checked between batches; cancellation ends the run promptly as <see cref="StopReason.Cancelled"/>.</summary>
    public CancellationToken CancellationToken { get; init; }
    /// <summary>Receives progress lines (one per epoch).</summary>
    public Action<string>? Log { get; init; }
}
