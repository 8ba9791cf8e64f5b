using System.Diagnostics;
using System.Globalization;
using Harness.Cuda.Compilation;

namespace Harness.Cuda.Diagnostics;

/// <summary>
/// What `harness doctor` prints: NVRTC on its own (it needs no GPU: the kernels are compiled and reported), then the
/// device, its versions and the self-test, or plainly why there is no usable CUDA. Returns 0 unless something that is
/// present is broken (a kernel that does not compile, a self-test that disagrees with the CPU, a CUDA error).
/// </summary>
public static class Doctor
{
    /// <summary>The capability kernels are compiled for when there is NVRTC but no device: the H100/H200's compute_90.</summary>
    public static readonly ComputeCapability DefaultCapability = new(9, 0);

    /// <summary>
    /// Writes the report to <paramref name="w"/>; <paramref name="cacheDirectory"/> null means the per-user kernel cache.
    /// Each program is compiled with the preprocessor <paramref name="defines"/> given for it ("NAME=VALUE"; e.g. the
    /// fused kernel's variant the engine's settings pick), into the cache the engine then loads from: PTX without a
    /// device, the device's machine code with one.
    /// </summary>
    public static int Run(TextWriter w, string? cacheDirectory, IReadOnlyDictionary<string, IReadOnlyList<string>>? defines = null)
    {
        defines ??= new Dictionary<string, IReadOnlyList<string>>();
        var failed = false;
        KernelCompiler? compiler = null;
        if (NvrtcCompiler.IsAvailable(out var nvrtcWhy))
        {
            Line(w, "NVRTC", $"{NvrtcCompiler.Version} ({NvrtcCompiler.LibraryName})");
            compiler = new KernelCompiler(cacheDirectory);
        }
        else Line(w, "NVRTC", nvrtcWhy);

        if (!CudaContext.TryCreate(out var context, out var why))
        {
            Line(w, "device", why);
            Line(w, "cuBLAS", CudaBlas.IsAvailable(out var blas) ? $"found ({blas}); its version needs a device" : blas);
            if (compiler is not null) failed |= !CompileAll(w, compiler, DefaultCapability, defines, device: false);
            return failed ? 1 : 0;
        }
        using (context)
        {
            var d = context!.Device;
            Line(w, "device", $"{d.Name} (device {d.Ordinal})");
            Line(w, "compute capability", $"{d.Capability} ({d.MultiprocessorCount} SMs; cooperative launch {(d.CooperativeLaunch ? "yes" : "no: each member trains in one block")})");
            Line(w, "run-time limit", d.RunTimeLimit
                ? "yes (the GPU drives a display, whose watchdog ends long kernels): the CUDA engine cuts each epoch into short launches"
                : "none: an epoch is one launch of the fused kernel");
            Line(w, "memory", string.Create(CultureInfo.InvariantCulture,
                $"{d.TotalMemoryBytes / (1024 * 1024):N0} MiB; stream-ordered allocation {(d.MemoryPools ? "yes" : "no: freeing a cohort's buffers waits for the cohorts training beside it")}"));
            Line(w, "driver", $"supports CUDA {d.DriverCudaVersion}");
            if (compiler is null)
            {
                Line(w, "self-test", "not run: it needs NVRTC to compile its kernels");
                return 0;
            }
            failed |= !CompileAll(w, compiler, d.Capability, defines, device: true);
            if (!failed) failed |= !SelfTestOn(w, context, compiler);
        }
        return failed ? 1 : 0;
    }

    private static bool CompileAll(TextWriter w, KernelCompiler compiler, ComputeCapability capability,
        IReadOnlyDictionary<string, IReadOnlyList<string>> defines, bool device)
    {
        try
        {
            foreach (var name in EmbeddedKernels.Programs)
            {
                var these = defines.GetValueOrDefault(name, []);
                if (device) compiler.Cubin(name, capability, these);
                else compiler.Ptx(name, capability, these);
            }
            var variants = defines.Where(d => d.Value.Count > 0).Select(d => $"; {d.Key} with {string.Join(' ', d.Value)}");
            var what = device ? $"machine code for {capability.RealArchitecture}" : $"PTX for {capability.VirtualArchitecture}";
            Line(w, "kernels compile", $"ok ({what}{string.Concat(variants)})");
            Line(w, "kernel cache", $"{compiler.Cache.Misses} compiled, {compiler.Cache.Hits} reused (--kernel-cache moves it)");
            return true;
        }
        catch (CudaException ex)
        {
            Line(w, "kernels compile", $"FAILED: {ex.Message}");
            return false;
        }
    }

    private static bool SelfTestOn(TextWriter w, CudaContext context, KernelCompiler compiler)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using (var blas = new CudaBlas(context)) Line(w, "cuBLAS", $"{blas.Version} ({blas.LibraryName})");
            var results = SelfTest.Run(context, compiler);
            foreach (var r in results) w.WriteLine($"  {(r.Passed ? "ok  " : "FAIL")}  {r.Name}: {r.Detail}");
            var passed = results.All(r => r.Passed);
            Line(w, "self-test", string.Create(CultureInfo.InvariantCulture,
                $"{(passed ? "passed" : "FAILED")} ({results.Count(r => r.Passed)} of {results.Count} checks, {clock.Elapsed.TotalSeconds:F2} s)"));
            return passed;
        }
        catch (Exception ex) when (ex is CudaException or CudaUnavailableException)
        {
            Line(w, "self-test", $"FAILED: {ex.Message}");
            return false;
        }
    }

    /// <summary>One report line, "what:" padded to a column, as doctor prints them.</summary>
    public static void Line(TextWriter w, string what, string text)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine($"{what + ":",-20} {text}");
    }
}
