namespace Harness.Engine.Cuda;

/// <summary>
/// How many thread blocks train one member (cohort_epoch's group). A cohort with enough members to fill the device
/// gets one block each; a few large members (a wide MLP, a CNN, a batch-16 draw of a random search) are each split
/// over many blocks, which then meet at a global-memory barrier between phases of a step. A barrier (atomics and
/// fences in L2) should cost a couple of microseconds, so a member gets more blocks only while each block keeps at
/// least <see cref="WorkPerBlockPhase"/> multiply-adds per phase, about as long as the barrier at a block's arithmetic
/// rate (an estimate: gpu/check.sh's groups step times one such member at several group sizes). Blocks of a cohort's
/// share of the device that its members do not take stay idle, so a lone member is split down to that size. A pure
/// function of the plan, the active members and the device's resident blocks, so it is tested on the CPU.
/// </summary>
public static class GroupPlan
{
    /// <summary>
    /// Multiply-adds one block should have per phase of a step before another block is worth a barrier: 250,000 take a
    /// block of 256 threads (half a multiprocessor's 128 fp32 lanes, 2 blocks each) about 2 to 4 us at the rates a
    /// fused kernel reaches, near a barrier's cost.
    /// </summary>
    public const long WorkPerBlockPhase = 250_000;

    /// <summary>The environment variable that caps the blocks per member (1 trains every member in one block).</summary>
    public const string CapVariable = "HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER";

    /// <summary>
    /// Blocks per member for <paramref name="activeMembers"/> members of <paramref name="plan"/> on a device that holds
    /// <paramref name="residentBlocks"/> blocks of the kernel at once (multiprocessors x blocks each), at most
    /// <paramref name="cap"/>. The grid, members x the result, never exceeds the resident blocks when the result is above 1.
    /// </summary>
    public static int BlocksPerMember(CohortPlan plan, int activeMembers, int residentBlocks, int cap = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(activeMembers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        int room = Math.Min(residentBlocks / activeMembers, cap);
        if (room < 2) return 1;
        long worth = StepWork(plan) / (Phases(plan) * WorkPerBlockPhase);
        return (int)Math.Clamp(worth, 1, room);
    }

    /// <summary>
    /// The cap <see cref="CapVariable"/> sets: unset or empty means none; otherwise a whole number >= 1, or an
    /// <see cref="ArgumentException"/> naming the variable and what is allowed.
    /// </summary>
    public static int Cap(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return int.MaxValue;
        if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int cap) && cap >= 1) return cap;
        throw new ArgumentException($"{CapVariable}: '{value}' is not allowed; set a whole number >= 1 (1 trains each member in one block), or leave it unset");
    }

    /// <summary>Multiply-adds of one training step of one member: forward, input gradients and parameter gradients.</summary>
    public static long StepWork(CohortPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        long perExample = plan.Stages.Sum(s => s.Kind switch
        {
            StageKind.Dense => 3L * s.In.Size * s.Out.Size,
            StageKind.Conv => 3L * s.Out.Size * s.Size * s.Size * s.In.Channels,
            _ => 2L * s.Out.Size * s.Size * s.Size,
        });
        return perExample * plan.Batch;
    }

    /// <summary>
    /// Group barriers per training step: after the batch is gathered, after each stage forward, after the loss, one per
    /// backward phase, and two more per convolution (its weights are transposed before its forward phase, unless its
    /// channels are a multiple of 32; its gradients are summed in slices, then applied).
    /// </summary>
    public static int Phases(CohortPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return 2 * plan.Stages.Count + 3 + 2 * plan.Stages.Count(s => s.Kind == StageKind.Conv);
    }
}
