using System.Globalization;

namespace Harness.Engine.Cuda;

/// <summary>
/// The device memory and launch shape of one cohort, decided on the host before anything is allocated: rows of
/// workspace (the batch, or more for validation chunks), floats of workspace per member (the same formula as
/// net_read in cohort.cu), and the bytes every buffer takes. A pure function of the shapes, so it is tested on the CPU.
/// </summary>
public sealed record CohortPlan
{
    /// <summary>Threads per block of cohort_epoch (COHORT_THREADS in cohort.cu).</summary>
    public const int ThreadsPerBlock = 256;
    /// <summary>Most weight layers cohort_epoch handles (COHORT_MAX_LAYERS in cohort.cu).</summary>
    public const int MaxLayers = 8;
    /// <summary>Validation rows per chunk when the batch is smaller.</summary>
    public const int EvaluationRows = 256;
    /// <summary>Share of the free device memory a cohort may take.</summary>
    public const double MemoryShare = 0.9;

    /// <summary>Widths from input to output.</summary>
    public required int[] Sizes { get; init; }
    public required int Members { get; init; }
    /// <summary>Examples per step, resolved (0 = full batch becomes the training count; never above it).</summary>
    public required int Batch { get; init; }
    /// <summary>Workspace rows: at least the batch, and whole validation chunks.</summary>
    public required int Rows { get; init; }
    public required int TrainCount { get; init; }
    /// <summary>Parameters of one member (the model file's flat buffer).</summary>
    public required long Parameters { get; init; }
    /// <summary>Workspace floats of one member (a multiple of 4, so its double row losses stay aligned).</summary>
    public required long WorkspaceFloats { get; init; }
    /// <summary>Device bytes of the cohort's buffers (the dataset is held apart, once per engine).</summary>
    public required long Bytes { get; init; }
    /// <summary>Blocks of the launch when every member is active: one per member.</summary>
    public int Blocks => Members;

    /// <summary>The plan for <paramref name="members"/> members of these widths with batch_size <paramref name="batchSize"/>.</summary>
    public static CohortPlan Of(IReadOnlyList<int> sizes, int batchSize, int trainCount, int validationCount, int members)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2 || sizes.Count - 1 > MaxLayers)
            throw new ArgumentException($"a cohort network has 1 to {MaxLayers} weight layers, not {sizes.Count - 1}");
        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        int batch = ResolveBatch(batchSize, trainCount);
        int rows = Math.Max(batch, Math.Min(EvaluationRows, Math.Max(1, validationCount)));
        long parameters = 0, outputs = 0;
        for (int l = 0; l + 1 < sizes.Count; l++)
        {
            parameters += (long)sizes[l] * sizes[l + 1] + sizes[l + 1];
            outputs += sizes[l + 1];
        }
        long workspace = 3L * rows + (long)rows * sizes[0] + 5L * rows * outputs;
        workspace = (workspace + 3) / 4 * 4;
        long perMember = 4 * (4 * parameters + workspace + trainCount) // params, two optimizer states, best; workspace; order
            + 8 * 4 + 8 + 8 * CohortSlots.Out + 8 * CohortSlots.Doubles + 4 * CohortSlots.Floats + 4 * CohortSlots.Ints + 4;
        return new CohortPlan
        {
            Sizes = [.. sizes],
            Members = members,
            Batch = batch,
            Rows = rows,
            TrainCount = trainCount,
            Parameters = parameters,
            WorkspaceFloats = workspace,
            Bytes = perMember * members,
        };
    }

    /// <summary>batch_size as the CPU engine resolves it: 0 = the whole training split, never more than it.</summary>
    public static int ResolveBatch(int batchSize, int trainCount) => batchSize == 0 ? trainCount : Math.Min(batchSize, trainCount);

    /// <summary>Throws <see cref="ArgumentException"/> naming batch_size and the member count when the plan needs more than <see cref="MemoryShare"/> of <paramref name="freeBytes"/>.</summary>
    public void CheckFits(long freeBytes)
    {
        if (Bytes <= MemoryShare * freeBytes) return;
        var inv = CultureInfo.InvariantCulture;
        throw new ArgumentException(string.Create(inv,
            $"the CUDA engine needs {Bytes / 1048576.0:F0} MiB for {Members} member(s) of [{string.Join(",", Sizes)}] at batch_size {Batch}, but only {freeBytes / 1048576.0:F0} MiB of device memory is free; use a smaller batch_size or --cohort"));
    }
}
