using System.Globalization;
using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// The device memory and launch shape of one cohort, decided on the host before anything is allocated: rows of
/// workspace (the batch, or more for validation chunks), floats of workspace per member (the same formula as
/// net_read in cohort.cu: five arrays of rows x outputs per stage, the largest convolution's partial gradient sums,
/// augmentation's rows), and the bytes every buffer takes. A pure function of the shapes, so it is tested on the CPU.
/// </summary>
public sealed record CohortPlan
{
    /// <summary>Threads per block of cohort_epoch (COHORT_THREADS in cohort.cu).</summary>
    public const int ThreadsPerBlock = 256;
    /// <summary>
    /// Most stages (dense, convolution and pooling layers, the output layer included) cohort_epoch handles
    /// (COHORT_MAX_STAGES in cohort.cu); the wide path has no such limit.
    /// </summary>
    public const int MaxStages = 32;
    /// <summary>Validation rows per chunk when the batch is smaller.</summary>
    public const int EvaluationRows = 256;
    /// <summary>Share of the free device memory a cohort may take.</summary>
    public const double MemoryShare = 0.9;

    /// <summary>Values per example from input to output: the input, then each stage's output.</summary>
    public required int[] Sizes { get; init; }
    /// <summary>The network's stages, input side first.</summary>
    public required IReadOnlyList<CohortStage> Stages { get; init; }
    public required int Members { get; init; }
    /// <summary>Examples per step, resolved (0 = full batch becomes the training count; never above it).</summary>
    public required int Batch { get; init; }
    /// <summary>Workspace rows: at least the batch, and whole validation chunks.</summary>
    public required int Rows { get; init; }
    public required int TrainCount { get; init; }
    /// <summary>Minibatch steps of one epoch (the last batch may be short), as cohort_epoch counts them (stepsPerEpoch).</summary>
    public int StepsPerEpoch => Steps(TrainCount, Batch);
    /// <summary>Parameters of one member (the model file's flat buffer).</summary>
    public required long Parameters { get; init; }
    /// <summary>Workspace floats of one member (a multiple of 4, so its double row losses stay aligned).</summary>
    public required long WorkspaceFloats { get; init; }
    /// <summary>Device bytes of the cohort's buffers (the dataset is held apart, once per engine).</summary>
    public required long Bytes { get; init; }

    /// <summary>
    /// The plan a cohort of <paramref name="members"/> of <paramref name="architecture"/> trains with on a training
    /// split <paramref name="train"/> and <paramref name="validationCount"/> validation examples (the first member's
    /// batch_size; augmentation's rows when any member augments).
    /// </summary>
    public static CohortPlan For(Architecture architecture, IReadOnlyList<TrainConfig> members, Dataset train, int validationCount)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(train);
        return Of(CohortStage.Of(architecture), members[0].BatchSize, train.Count, validationCount, members.Count,
            members.Any(CudaCapabilities.Augments) ? AugmentedImage(train) : null);
    }

    /// <summary>The shape augmentation warps by: the data's image shape, or its features as N x 1 x 1 (noise only).</summary>
    public static ImageShape AugmentedImage(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return train.Shape ?? new ImageShape(train.FeatureCount, 1, 1);
    }

    /// <summary>The plan for <paramref name="members"/> members of dense layers of these widths with batch_size <paramref name="batchSize"/>.</summary>
    public static CohortPlan Of(IReadOnlyList<int> sizes, int batchSize, int trainCount, int validationCount, int members)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2) throw new ArgumentException($"a cohort network has at least an input and an output width, not {sizes.Count} widths");
        return Of(CohortStage.Dense(sizes), batchSize, trainCount, validationCount, members);
    }

    /// <summary>
    /// The plan for <paramref name="members"/> members of these stages with batch_size <paramref name="batchSize"/>;
    /// <paramref name="augmented"/> the data's image shape when any member augments its batches (augment.cuh's rows:
    /// 4 doubles, four H x W fields and the image's values each), else null.
    /// </summary>
    public static CohortPlan Of(IReadOnlyList<CohortStage> stages, int batchSize, int trainCount, int validationCount, int members, ImageShape? augmented = null)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count < 1) throw new ArgumentException("a cohort network has at least one stage (its output layer)");
        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        int batch = ResolveBatch(batchSize, trainCount);
        int rows = Math.Max(batch, Math.Min(EvaluationRows, Math.Max(1, validationCount)));
        long parameters = stages.Sum(s => s.Weights + s.Biases), outputs = stages.Sum(s => (long)s.Out.Size);
        long workspace = 3L * rows + (long)rows * stages[0].In.Size + 5L * rows * outputs;
        workspace = (workspace + 3) / 4 * 4;
        workspace += stages.Select(st => st.Kind == StageKind.Conv ? (st.Weights + st.Biases) * ConvParts(batch, st) : 0).DefaultIfEmpty().Max();
        workspace = (workspace + 3) / 4 * 4;
        if (augmented is { } image) workspace += rows * (8L + 4L * image.Height * image.Width + image.Size);
        workspace = (workspace + 3) / 4 * 4;
        long perMember = 4 * (4 * parameters + workspace + trainCount) // params, two optimizer states, best; workspace; order
            + 8 * 4 + 8 + 8 * CohortSlots.Out + 8 * CohortSlots.Doubles + 4 * CohortSlots.Floats + 4 * CohortSlots.Ints + 4;
        return new CohortPlan
        {
            Sizes = [stages[0].In.Size, .. stages.Select(s => s.Out.Size)],
            Stages = [.. stages],
            Members = members,
            Batch = batch,
            Rows = rows,
            TrainCount = trainCount,
            Parameters = parameters,
            WorkspaceFloats = workspace,
            Bytes = perMember * members,
        };
    }

    /// <summary>
    /// Slices a convolution's parameter gradients are summed in (conv_parts in cohort.cu): one per 2,048 (row, output
    /// pixel) pairs of a full batch, between 1 and 64.
    /// </summary>
    public static int ConvParts(int batch, CohortStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return (int)Math.Clamp(((long)batch * stage.Out.Height * stage.Out.Width + 2047) / 2048, 1, 64);
    }

    /// <summary>Minibatch steps of an epoch of <paramref name="trainCount"/> examples at <paramref name="batch"/> (the last may be short).</summary>
    public static int Steps(int trainCount, int batch) => (trainCount + batch - 1) / batch;

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
