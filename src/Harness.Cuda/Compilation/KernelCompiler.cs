namespace Harness.Cuda.Compilation;

/// <summary>
/// The embedded kernels compiled by NVRTC for a compute capability (--gpu-architecture=compute_XY) at first use,
/// through a <see cref="KernelCache"/>. Needs NVRTC; loading the result needs a <see cref="CudaContext"/>.
/// </summary>
public sealed class KernelCompiler
{
    /// <summary>
    /// Uses NVRTC with a cache in <paramref name="cacheDirectory"/>, or the per-user default when null; throws
    /// <see cref="CudaUnavailableException"/> when NVRTC is missing.
    /// </summary>
    public KernelCompiler(string? cacheDirectory = null)
    {
        Cache = new KernelCache(cacheDirectory ?? KernelCache.DefaultDirectory(), NvrtcCompiler.Version, NvrtcCompiler.Compile);
    }

    /// <summary>The disk cache (its hit and miss counts say whether anything compiled).</summary>
    public KernelCache Cache { get; }

    /// <summary>NVRTC options for <paramref name="capability"/>, with preprocessor <paramref name="defines"/> ("NAME=VALUE").</summary>
    public static IReadOnlyList<string> Options(ComputeCapability capability, params IReadOnlyList<string> defines) =>
        [$"--gpu-architecture={capability.VirtualArchitecture}", .. defines.Select(d => $"-D{d}")];

    /// <summary>The PTX of one embedded .cu file for <paramref name="capability"/> (a variant per set of <paramref name="defines"/>).</summary>
    public string Ptx(string programName, ComputeCapability capability, params IReadOnlyList<string> defines) =>
        Cache.GetPtx(EmbeddedKernels.Program(programName), Options(capability, defines));

    /// <summary>Compiles (or fetches) the embedded .cu file for the context's device and loads it.</summary>
    public CudaModule Load(CudaContext context, string programName, params IReadOnlyList<string> defines) =>
        context.LoadModule(Ptx(programName, context.Device.Capability, defines), programName);
}
