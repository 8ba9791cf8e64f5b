namespace Harness.Cuda.Interop;

/// <summary>
/// The file names probed for each library, newest first, on both platforms our users have. When CUDA_PATH is set the
/// toolkit's library folders under it are searched too: bin and bin\x64 on Windows (the installer does not put them
/// on PATH for every shell), lib64 on Linux (a toolkit outside the loader's path).
/// </summary>
public static class CudaLibraryNames
{
    /// <summary>Names for Linux, newest first.</summary>
    public static IReadOnlyList<string> Linux(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => ["libcuda.so.1"],
        CudaLibrary.Nvrtc => ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2"],
        CudaLibrary.Blas => ["libcublas.so.13", "libcublas.so.12"],
        _ => throw new ArgumentOutOfRangeException(nameof(library)),
    };

    /// <summary>Names for Windows, newest first.</summary>
    public static IReadOnlyList<string> Windows(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => ["nvcuda.dll"],
        CudaLibrary.Nvrtc => ["nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll"],
        CudaLibrary.Blas => ["cublas64_13.dll", "cublas64_12.dll"],
        _ => throw new ArgumentOutOfRangeException(nameof(library)),
    };

    /// <summary>
    /// Everything to try, in order: each plain name (the loader's own search), then, when <paramref name="cudaPath"/>
    /// is set, each name under CUDA_PATH\bin and CUDA_PATH\bin\x64 on Windows or CUDA_PATH/lib64 on Linux. The driver
    /// is never looked for under CUDA_PATH: it comes with the display driver, on the loader's path.
    /// </summary>
    public static IReadOnlyList<string> Candidates(CudaLibrary library, bool windows, string? cudaPath)
    {
        var names = windows ? Windows(library) : Linux(library);
        var all = new List<string>(names);
        if (library == CudaLibrary.Driver || string.IsNullOrWhiteSpace(cudaPath)) return all;
        var dirs = windows ? new[] { Path.Combine(cudaPath, "bin"), Path.Combine(cudaPath, "bin", "x64") } : [Path.Combine(cudaPath, "lib64")];
        foreach (var dir in dirs) all.AddRange(names.Select(n => Path.Combine(dir, n)));
        return all;
    }

    /// <summary>The candidates for this process's platform and its CUDA_PATH.</summary>
    public static IReadOnlyList<string> ForThisMachine(CudaLibrary library) =>
        Candidates(library, OperatingSystem.IsWindows(), Environment.GetEnvironmentVariable("CUDA_PATH"));

    /// <summary>A short human name for messages: "the CUDA driver", "NVRTC", "cuBLAS".</summary>
    public static string Describe(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => "the CUDA driver",
        CudaLibrary.Nvrtc => "NVRTC",
        CudaLibrary.Blas => "cuBLAS",
        _ => library.ToString(),
    };
}
