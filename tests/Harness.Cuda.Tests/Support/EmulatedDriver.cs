using Harness.Cuda.Compilation;

namespace Harness.Cuda.Tests.Support;

/// <summary>
/// Emulation/driver_emulator.cpp built once per test process and linked as both libcuda.so.1 and libcublas.so.12 in a
/// folder of its own (one library, so cuBLAS's calls see the driver's memory, streams and captures). A child process
/// whose environment has <see cref="Environment"/> loads it in place of the CUDA driver and cuBLAS and compiles its
/// kernels with the real NVRTC into a cache in that folder. Linked into the CLI tests as well.
/// </summary>
internal static class EmulatedDriver
{
    private static readonly Lazy<(string? Folder, string Why)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding the two names, or null and why it could not be built.</summary>
    public static (string? Folder, string Why) Folder => Built.Value;

    /// <summary>
    /// The variables that put the emulator first on the loader's path of a child process in <paramref name="folder"/>,
    /// with or without stream-ordered allocation (memory pools), with <paramref name="multiprocessors"/> SMs.
    /// </summary>
    public static Dictionary<string, string> Environment(string folder, bool memoryPools = true, int multiprocessors = 4) => new()
    {
        ["LD_LIBRARY_PATH"] = string.Join(Path.PathSeparator,
            new[] { folder, System.Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") }.Where(p => !string.IsNullOrEmpty(p))),
        [KernelCache.Variable] = Path.Combine(folder, "kernels"),
        ["HARNESS_EMULATED_POOLS"] = memoryPools ? "1" : "0",
        ["HARNESS_EMULATED_SMS"] = multiprocessors.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static (string? Folder, string Why) Build()
    {
        var (library, why) = EmulatorBuild.Build("driver_emulator.cpp", shared: true);
        if (library is null) return (null, why);
        var folder = Path.Combine(Path.GetDirectoryName(library)!, "driver");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "libcuda.so.1", "libcublas.so.12" })
        {
            var link = Path.Combine(folder, name);
            if (File.Exists(link)) File.Delete(link);
            File.CreateSymbolicLink(link, library);
        }
        return (folder, "");
    }
}
