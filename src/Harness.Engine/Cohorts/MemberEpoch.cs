namespace Harness.Engine;

/// <summary>
/// One member's result of <see cref="ICohort.RunEpoch"/>. <paramref name="Metrics"/> is null when a training
/// batch's loss became NaN or infinite (the member stopped updating there and the epoch has no row).
/// <paramref name="Divergence"/> says why the member diverged in this epoch (<see cref="Engine.Divergence"/>'s
/// rule), or is null.
/// </summary>
public readonly record struct MemberEpoch(int Epoch, EpochMetrics? Metrics, string? Divergence)
{
    public bool Diverged => Divergence is not null;
}
