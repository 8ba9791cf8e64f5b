using Harness.Cuda;

namespace Harness.Engine.Cuda;

/// <summary>
/// Which of the CUDA engine's two paths trains a cohort: the fused kernel (cohort_epoch: a block or a group of blocks
/// per member, a whole epoch per launch), or the wide path (<see cref="WideCohort"/>: cuBLAS strided-batched GEMMs
/// across the members and element-wise kernels, a CUDA graph per step). The wide path takes plain MLPs (dense layers,
/// no augmentation) whose products are large enough for cuBLAS: a hidden layer of at least <see cref="MinWidth"/>
/// units and a batch of at least <see cref="MinBatch"/>, and every plain MLP deeper than the fused kernel's
/// <see cref="CohortPlan.MaxStages"/> stages. <see cref="Variable"/> overrides the choice (but for those deep ones). A
/// pure function of the plan and the members, tested on the CPU.
/// </summary>
public static class WidePath
{
    /// <summary>The environment variable that picks the path: auto (the default), fused or wide.</summary>
    public const string Variable = "HARNESS_CUDA_PATH";

    /// <summary>The environment variable that lets the wide path's GEMMs use TF32 tensor cores: 1 (on) or 0 (the default).</summary>
    public const string Tf32Variable = "HARNESS_CUDA_TF32";

    /// <summary>The widest hidden layer from which auto takes the wide path.</summary>
    public const int MinWidth = 256;

    /// <summary>The smallest batch with which auto takes the wide path (smaller products are launch-bound in cuBLAS).</summary>
    public const int MinBatch = 32;

    /// <summary>
    /// True when <paramref name="plan"/>'s cohort trains on the wide path under <paramref name="setting"/> (the value
    /// of <see cref="Variable"/>): wide takes every cohort the path can train, fused none but those deeper than the fused
    /// kernel holds, auto (or unset) the wide and the deep ones. An unknown setting is an <see cref="ArgumentException"/> naming the variable and what is allowed.
    /// </summary>
    public static bool Takes(CohortPlan plan, IReadOnlyList<TrainConfig> members, string? setting)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(members);
        string mode = Mode(setting);
        if (!CanTrain(plan, members)) return false;
        if (plan.Stages.Count > CohortPlan.MaxStages) return true; // deeper than the fused kernel holds, whatever the setting
        if (mode == "fused") return false;
        return mode == "wide" || (plan.Batch >= MinBatch && plan.Sizes.Skip(1).SkipLast(1).DefaultIfEmpty().Max() >= MinWidth);
    }

    /// <summary>
    /// The path <paramref name="setting"/> (the value of <see cref="Variable"/>) names: auto (also when unset), fused or
    /// wide; anything else is an <see cref="ArgumentException"/> naming the variable and what is allowed.
    /// </summary>
    public static string Mode(string? setting)
    {
        string mode = string.IsNullOrWhiteSpace(setting) ? "auto" : setting.Trim().ToLowerInvariant();
        return mode is "auto" or "fused" or "wide" ? mode
            : throw new ArgumentException($"{Variable}: '{setting}' is not a path; allowed: auto, fused, wide");
    }

    /// <summary>True when the wide path can train the cohort: dense layers only, no member augments its batches.</summary>
    public static bool CanTrain(CohortPlan plan, IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(members);
        return plan.Stages.All(s => s.Kind == StageKind.Dense) && !members.Any(CudaCapabilities.Augments);
    }

    /// <summary>The GEMMs' math mode <paramref name="setting"/> (the value of <see cref="Tf32Variable"/>) asks for.</summary>
    public static BlasMathMode MathMode(string? setting) => (setting ?? "").Trim() switch
    {
        "" or "0" => BlasMathMode.Default,
        "1" => BlasMathMode.Tf32,
        _ => throw new ArgumentException($"{Tf32Variable}: '{setting}' is not allowed; use 1 (TF32 tensor cores) or 0 (fp32)"),
    };
}
