using System.Globalization;
using Harness.Cuda;
using Harness.Cuda.Compilation;
using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// The CUDA engine: cohorts trained by cohort.cu's fused kernel on device 0, the dataset uploaded once per
/// <see cref="Load"/>. Create it with <see cref="TryCreate"/>, which says why when there is no usable CUDA.
/// </summary>
public sealed class CudaEngine : IEngine
{
    /// <summary>The kernel file and entry the engine runs.</summary>
    public const string Program = "cohort.cu", Kernel = "cohort_epoch";

    private readonly CudaContext _context;
    private readonly CudaModule _module;
    private readonly ResidentBlocks _resident;
    private readonly BlasPool _blas;

    private CudaEngine(CudaContext context, CudaModule module, int threads)
    {
        _context = context;
        _module = module;
        Threads = threads;
        var kernel = module.GetKernel(Kernel); // a missing entry fails here, in TryCreate, not in the first cohort
        kernel.BlockDimensions = threads;
        var d = context.Device;
        _resident = new ResidentBlocks(Math.Max(1, kernel.MaxActiveBlocksPerMultiprocessor() * d.MultiprocessorCount));
        Device = string.Create(CultureInfo.InvariantCulture,
            $"{d.Name} (compute {d.Capability}, {d.MultiprocessorCount} SMs, {d.TotalMemoryBytes / 1073741824.0:F0} GiB, driver CUDA {d.DriverCudaVersion})");
        PreferredCohortSize = d.MultiprocessorCount;
        PreferredParallel = ParallelFor(d.MultiprocessorCount);
        _blas = new BlasPool(context);
    }

    /// <summary>Threads per block the fused kernel was built for (<see cref="BlockThreads"/>).</summary>
    public int Threads { get; }

    public string Name => "cuda";
    public string Device { get; }
    /// <summary>One member per SM: a cohort of this size fills the device in one wave of blocks.</summary>
    public int PreferredCohortSize { get; }

    /// <summary>
    /// Cohorts a sweep trains at once when the user does not say (<see cref="ParallelFor"/> of the device's
    /// multiprocessors). They share the device's blocks (<see cref="ResidentBlocks"/>), each on its own host thread and
    /// stream.
    /// </summary>
    public int PreferredParallel { get; }

    /// <summary>
    /// Cohorts trained at once on a device of <paramref name="multiprocessors"/> SMs: 4, or one per 16 SMs on larger
    /// devices (8 on an H100 or H200). A search over many architectures makes many small cohorts, each of whose steps is
    /// a chain of short launches (the wide path) or a lone member on a few blocks (the fused kernel) that leaves most
    /// of the device idle, so a larger device holds more of them at once.
    /// </summary>
    public static int ParallelFor(int multiprocessors) => Math.Max(4, multiprocessors / 16);

    /// <summary>
    /// The engine on device 0, or false with why there is none ("no usable CUDA: ..."): no driver, no device, no
    /// NVRTC, or kernels that do not compile or load. <paramref name="kernelCache"/> null: the per-user cache.
    /// </summary>
    public static bool TryCreate(out CudaEngine? engine, out string why, string? kernelCache = null)
    {
        engine = null;
        if (!NvrtcCompiler.IsAvailable(out why)) return false;
        if (!CudaContext.TryCreate(out var context, out why)) return false;
        try
        {
            int threads = BlockThreads.Threads(Environment.GetEnvironmentVariable(BlockThreads.Variable));
            var defines = KernelDefines(threads, Environment.GetEnvironmentVariable(MinBlocks.Variable));
            var module = new KernelCompiler(kernelCache).Load(context!, Program, defines);
            engine = new CudaEngine(context!, module, threads);
            why = "";
            return true;
        }
        catch (Exception ex) when (ex is CudaException or CudaUnavailableException or ArgumentException)
        {
            context!.Dispose();
            why = ex is CudaUnavailableException ? ex.Message : CudaUnavailableException.Prefix + ex.Message;
            return false;
        }
    }

    /// <summary>
    /// The preprocessor defines the fused kernel (<see cref="Program"/>) is built with under the settings
    /// <paramref name="variable"/> reads (<see cref="BlockThreads.Variable"/>, <see cref="MinBlocks.Variable"/>): none
    /// by default. A setting that is not allowed is an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static IReadOnlyList<string> KernelDefines(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return KernelDefines(BlockThreads.Threads(variable(BlockThreads.Variable)), variable(MinBlocks.Variable));
    }

    private static IReadOnlyList<string> KernelDefines(int threads, string? minBlocks) =>
        [.. BlockThreads.Defines(threads), .. MinBlocks.Defines(minBlocks, threads)];

    /// <summary>
    /// A quick probe that compiles nothing and makes no context: why there is no usable CUDA (no NVRTC, no driver, no
    /// device), or null when both NVRTC and device 0 answer. <see cref="TryCreate"/> may still fail when the context
    /// cannot be made or the kernels do not load.
    /// </summary>
    public static string? Unavailable()
    {
        if (!NvrtcCompiler.IsAvailable(out var why)) return why;
        return CudaContext.Probe();
    }

    /// <summary>
    /// What the compiled cohort kernel takes and how many of its blocks a multiprocessor holds, e.g.
    /// <c>cohort_epoch: 64 registers/thread, 0 B local, 4,096 B shared; 4 blocks of 256 threads per SM (528 on the device)</c>.
    /// </summary>
    public string KernelSummary()
    {
        var k = _module.GetKernel(Kernel);
        k.BlockDimensions = Threads;
        int perSm = k.MaxActiveBlocksPerMultiprocessor();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Kernel}: {k.Registers} registers/thread, {k.LocalBytes:N0} B local, {k.SharedBytes:N0} B shared; {perSm} blocks of {Threads} threads per SM ({perSm * _context.Device.MultiprocessorCount:N0} on the device)");
    }

    public IEngineData Load(DataSplits data) => new CudaData(_context, data);

    /// <summary>
    /// A cohort on the path <see cref="Path"/> picks (<see cref="WidePath.Variable"/>), the wide path's GEMMs in the math
    /// mode <see cref="WidePath.Tf32Variable"/> asks for.
    /// </summary>
    public ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members)
    {
        var cuda = Held(data);
        return CreateCohort(cuda, members, Path(cuda.Splits, members), WidePath.MathMode(Environment.GetEnvironmentVariable(WidePath.Tf32Variable)));
    }

    /// <summary>
    /// A cohort on <paramref name="path"/> (<see cref="FusedPath"/> or <see cref="WideCohortPath"/>, which trains plain
    /// MLPs only: <see cref="WidePath.CanTrain"/>), the wide path's GEMMs in <paramref name="mathMode"/>.
    /// </summary>
    public ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members, string path, BlasMathMode mathMode)
    {
        var cuda = Held(data);
        if (path == WideCohortPath)
        {
            var prepared = cuda.Prepared(members[0].Standardize);
            var device = new CudaWideDevice(_context, _module, _blas, mathMode);
            return new WideCohort(device, cuda.Splits, prepared.Train, prepared.Validation, prepared.Standardization, members);
        }
        if (path != FusedPath) throw new ArgumentException($"path '{path}' is not known; allowed: {FusedPath}, {WideCohortPath}");
        // A kernel object per cohort: its launch shape is per launch state, and cohorts may train on several threads.
        return new CudaCohort(_context, _module.GetKernel(Kernel), Threads, _resident, cuda, members);
    }

    private static CudaData Held(IEngineData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data as CudaData ?? throw new ArgumentException($"the dataset was loaded by another engine ({data.GetType().Name}), not the CUDA engine");
    }

    /// <summary>The path names <see cref="Path"/> gives: cohort_epoch's fused kernel, or cuBLAS GEMMs and CUDA graphs.</summary>
    public const string FusedPath = "fused", WideCohortPath = "wide";

    /// <summary>
    /// Which path trains <paramref name="members"/> on <paramref name="splits"/> (<see cref="WidePath"/>, with
    /// <see cref="WidePath.Variable"/> read now; the fused kernel when cuBLAS is missing and the fused kernel holds the
    /// network); members the engine cannot train are refused as by the cohort.
    /// </summary>
    public static string Path(DataSplits splits, IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(splits);
        TrainingChecks.Check(splits, members);
        CudaCapabilities.Check(members);
        var train = splits.Train;
        var plan = CohortPlan.For(Architecture.Of(members[0], train.FeatureCount, train.OutputCount, train.Shape), members, train, splits.Validation.Count);
        bool wide = WidePath.Takes(plan, members, Environment.GetEnvironmentVariable(WidePath.Variable));
        // Without cuBLAS the fused kernel trains what it can (a driver and NVRTC suffice for it).
        if (wide && plan.Stages.Count <= CohortPlan.MaxStages && !CudaBlas.IsAvailable(out _)) return FusedPath;
        return wide ? WideCohortPath : FusedPath;
    }

    public void Dispose()
    {
        _blas.Dispose();
        _module.Dispose();
        _context.Dispose();
    }
}
