namespace Harness.Engine;

/// <summary>
/// One member's result of <see cref="ICohort.RunEpoch"/>. <paramref name="Metrics"/> is null when a training
/// batch's loss became NaN or infinite (the member stopped updating there and the epoch has no row).
/// <paramref name="Diverged"/> is true then, and also when the epoch's training or validation loss is not finite.
/// </summary>
public readonly record struct MemberEpoch(int Epoch, EpochMetrics? Metrics, bool Diverged);
