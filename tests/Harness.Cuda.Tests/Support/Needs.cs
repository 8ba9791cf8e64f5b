using Harness.Cuda;
using Harness.Cuda.Compilation;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Support;

/// <summary>Skips a test with the reason when NVRTC or a GPU is absent (Assert.Skip, as the LaTeX and browser checks do).</summary>
internal static class Needs
{
    /// <summary>Skips unless NVRTC loads.</summary>
    public static void Nvrtc()
    {
        if (!NvrtcCompiler.IsAvailable(out var why))
            Assert.Skip($"{why}; the compile checks need NVRTC (Debian: apt-get install libnvrtc11.2 from non-free)");
    }

    // Set once a context or the engine was had in this process: a later "no usable CUDA" is a fault (an earlier test's
    // sticky error, after which even cuInit may fail), not a machine without a GPU.
    private static volatile bool _hadDevice;

    /// <summary>A context on device 0, or a skip saying why there is none (a failure once this process had one).</summary>
    public static CudaContext Gpu()
    {
        if (CudaContext.TryCreate(out var context, out var why))
        {
            _hadDevice = true;
            return context!;
        }
        if (_hadDevice) Assert.Fail($"the device this process used is gone: {why}");
        Assert.Skip($"{why}; this check runs on a machine with a GPU");
        return null!;
    }

    /// <summary>A context on device 0 and a kernel compiler with a private cache, or a skip.</summary>
    public static (CudaContext Context, KernelCompiler Compiler) GpuAndNvrtc(string cacheDirectory)
    {
        Nvrtc();
        return (Gpu(), new KernelCompiler(cacheDirectory));
    }

    /// <summary>
    /// One kernel cache for this test process, so the engine tests compile cohort.cu once, not once per test; or the
    /// folder HARNESS_KERNEL_CACHE names (gpu/check.sh shares one across all its runs: the cache's writes are atomic,
    /// so processes may share it).
    /// </summary>
    private static readonly string EngineCache = Environment.GetEnvironmentVariable(KernelCache.Variable) is { Length: > 0 } shared
        ? shared
        : Path.Combine(Path.GetTempPath(), $"harness-test-kernels-{Environment.ProcessId}");

    /// <summary>
    /// The CUDA engine (kernels cached for this test process), or a skip saying why there is none. Where a device is
    /// there but the engine will not start (a kernel that does not load, or a fault an earlier test left on the
    /// context), or this process had a device before, the test fails instead: a broken run must not pass as one
    /// without a GPU.
    /// </summary>
    public static CudaEngine Engine()
    {
        if (CudaEngine.TryCreate(out var engine, out var why, EngineCache))
        {
            _hadDevice = true;
            return engine!;
        }
        if (_hadDevice || CudaEngine.Unavailable() is null) Assert.Fail($"a CUDA device is there, but the engine did not start: {why}");
        Assert.Skip($"{why}; this check runs on a machine with a GPU");
        return null!;
    }
}
