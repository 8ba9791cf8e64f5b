namespace Harness.Cuda.Compilation;

/// <summary>
/// The embedded kernels compiled by NVRTC at first use, through a <see cref="KernelCache"/>: for a device, its machine
/// code (--gpu-architecture=sm_XY, a CUBIN the driver loads as it is, so no process after the first compiles anything,
/// whether or not the driver keeps a JIT cache of its own); PTX (compute_XY) for the checks that read it. Needs NVRTC;
/// loading the result needs a <see cref="CudaContext"/>.
/// </summary>
public sealed class KernelCompiler
{
    /// <summary>
    /// Uses NVRTC with a cache in <paramref name="cacheDirectory"/>, or the per-user default when null; throws
    /// <see cref="CudaUnavailableException"/> when NVRTC is missing.
    /// </summary>
    public KernelCompiler(string? cacheDirectory = null)
    {
        Cache = new KernelCache(cacheDirectory ?? KernelCache.DefaultDirectory(), NvrtcCompiler.Version, NvrtcCompiler.Compile,
            NvrtcCompiler.CompileCubin);
    }

    /// <summary>The disk cache (its hit and miss counts say whether anything compiled).</summary>
    public KernelCache Cache { get; }

    /// <summary>NVRTC options for PTX of <paramref name="capability"/>, with preprocessor <paramref name="defines"/> ("NAME=VALUE").</summary>
    public static IReadOnlyList<string> Options(ComputeCapability capability, params IReadOnlyList<string> defines) =>
        [$"--gpu-architecture={capability.VirtualArchitecture}", .. defines.Select(d => $"-D{d}")];

    /// <summary>
    /// NVRTC options for the machine code of <paramref name="capability"/>, with <paramref name="defines"/>; with source
    /// line information (it changes no instruction), so compute-sanitizer and Nsight name the .cu line of a fault.
    /// </summary>
    public static IReadOnlyList<string> CubinOptions(ComputeCapability capability, params IReadOnlyList<string> defines) =>
        [$"--gpu-architecture={capability.RealArchitecture}", "--generate-line-info", .. defines.Select(d => $"-D{d}")];

    /// <summary>The PTX of one embedded .cu file for <paramref name="capability"/> (a variant per set of <paramref name="defines"/>).</summary>
    public string Ptx(string programName, ComputeCapability capability, params IReadOnlyList<string> defines) =>
        Cache.GetPtx(EmbeddedKernels.Program(programName), Options(capability, defines));

    /// <summary>The CUBIN of one embedded .cu file for <paramref name="capability"/> (a variant per set of <paramref name="defines"/>).</summary>
    public byte[] Cubin(string programName, ComputeCapability capability, params IReadOnlyList<string> defines) =>
        Cache.GetCubin(EmbeddedKernels.Program(programName), CubinOptions(capability, defines));

    /// <summary>Compiles (or fetches) the embedded .cu file's machine code for the context's device and loads it.</summary>
    public CudaModule Load(CudaContext context, string programName, params IReadOnlyList<string> defines) =>
        context.LoadModule(Cubin(programName, context.Device.Capability, defines), programName);
}
