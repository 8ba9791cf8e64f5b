namespace Harness.Engine.Cuda;

/// <summary>
/// The CUDA engine's environment variables as `doctor` reports them: which path trains which cohorts
/// (<see cref="WidePath.Variable"/>), TF32 for the wide path's GEMMs (<see cref="WidePath.Tf32Variable"/>), the cap
/// on blocks per member (<see cref="GroupPlan.CapVariable"/>), the fused kernel's threads per block
/// (<see cref="BlockThreads.Variable"/>), blocks per SM (<see cref="MinBlocks.Variable"/>) and training steps per
/// launch (<see cref="EpochLaunches.Variable"/>), each with its value and
/// what it does, or why the value is not allowed (sweep, train and bench refuse it before anything opens).
/// </summary>
public static class EngineSettings
{
    /// <summary>
    /// One line per variable, read through <paramref name="variable"/>, and why each refused value is refused (empty
    /// when every value is allowed).
    /// </summary>
    public static (IReadOnlyList<(string Name, string Text)> Lines, IReadOnlyList<string> Refusals) Describe(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var lines = new List<(string, string)>();
        var refusals = new List<string>();
        void Add(string name, Func<string?, string> meaning)
        {
            string? value = variable(name);
            string shown = string.IsNullOrWhiteSpace(value) ? "unset" : $"'{value}'";
            try { lines.Add((name, $"{shown}: {meaning(value)}")); }
            catch (ArgumentException ex)
            {
                lines.Add((name, $"{shown}: refused. {ex.Message}"));
                refusals.Add(ex.Message);
            }
        }
        Add(WidePath.Variable, Path);
        Add(WidePath.Tf32Variable, v =>
            WidePath.MathMode(v) == Harness.Cuda.BlasMathMode.Tf32 ? "the wide path's GEMMs use TF32 tensor cores" : "fp32 GEMMs");
        Add(GroupPlan.CapVariable, v => GroupPlan.Cap(v) switch
        {
            int.MaxValue => "as many blocks per member as its work is worth",
            1 => "every member trains in one block",
            int cap => $"at most {cap} blocks per member",
        });
        Add(BlockThreads.Variable, v => BlockThreads.Threads(v) is var n && n == CohortPlan.ThreadsPerBlock
            ? $"the fused kernel runs {n} threads per block" : $"the fused kernel is built for {n} threads per block");
        Add(MinBlocks.Variable, v => MinBlocks.Defines(v, Threads(variable)) is [] ? Default(Threads(variable))
            : $"the fused kernel is compiled to fit {v!.Trim()} blocks per SM (fewer registers, some spilled)");
        Add(EpochLaunches.Variable, v => EpochLaunches.Steps(v) is int k
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"each launch of the fused kernel takes at most {k:N0} training steps (an epoch takes several)")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"an epoch is one launch of the fused kernel; launches of about {EpochLaunches.TargetSeconds} s on a device whose kernels have a run-time limit"));
        return (lines, refusals);
    }

    /// <summary>The variables, in the order <see cref="Describe"/> lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Describe(_ => null).Lines.Select(l => l.Name)];

    /// <summary>Why each refused value is refused (empty when all are allowed), read through <paramref name="variable"/>.</summary>
    public static IReadOnlyList<string> Refusals(Func<string, string?> variable) => Describe(variable).Refusals;

    // What the fused kernel is compiled for without HARNESS_CUDA_MIN_BLOCKS (MinBlocks.Default)
    private static string Default(int threads)
    {
        int blocks = MinBlocks.Default(threads);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the fused kernel is compiled to fit {blocks} block{(blocks == 1 ? "" : "s")} of {threads:N0} threads per SM (at most {MinBlocks.RegistersPerMultiprocessor / (blocks * threads)} registers a thread)");
    }

    // The block size the min-blocks setting is checked against: the one asked for, or 256 when that is refused too.
    private static int Threads(Func<string, string?> variable)
    {
        try { return BlockThreads.Threads(variable(BlockThreads.Variable)); }
        catch (ArgumentException) { return CohortPlan.ThreadsPerBlock; }
    }

    private static string Path(string? value) => WidePath.Mode(value) switch
    {
        "fused" => $"every cohort on the fused kernel but plain MLPs deeper than its {CohortPlan.MaxStages} stages",
        "wide" => "every plain MLP without augmentation on the wide path (cuBLAS GEMMs, CUDA graphs)",
        _ => $"plain MLPs with a hidden layer of >= {WidePath.MinWidth} units and batch >= {WidePath.MinBatch}, or deeper than {CohortPlan.MaxStages} stages, on the wide path (cuBLAS GEMMs, CUDA graphs); the rest on the fused kernel",
    };
}
