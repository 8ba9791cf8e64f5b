using System.Runtime.InteropServices;

namespace Harness.Cuda.Interop;

/// <summary>A loaded native library: its handle, the name that loaded, and a way to resolve exports by name.</summary>
public sealed class NativeLibraryProbe
{
    private NativeLibraryProbe(string what, string loadedName, IntPtr handle)
    {
        What = what;
        LoadedName = loadedName;
        Handle = handle;
    }

    /// <summary>What the library is, for messages ("NVRTC").</summary>
    public string What { get; }

    /// <summary>The candidate that loaded (a file name, or a path under CUDA_PATH on Windows).</summary>
    public string LoadedName { get; }

    /// <summary>The OS handle from <see cref="NativeLibrary"/>.</summary>
    public IntPtr Handle { get; }

    /// <summary>Loads one of <paramref name="library"/>'s names for this machine, or throws <see cref="CudaUnavailableException"/>.</summary>
    public static NativeLibraryProbe Load(CudaLibrary library) =>
        Load(CudaLibraryNames.Describe(library), CudaLibraryNames.ForThisMachine(library));

    /// <summary>
    /// Tries each candidate in order and keeps the first that loads. When none does, throws
    /// <see cref="CudaUnavailableException"/> saying what was missing and naming every candidate tried.
    /// </summary>
    public static NativeLibraryProbe Load(string what, IReadOnlyList<string> candidates)
    {
        foreach (var name in candidates)
            if (NativeLibrary.TryLoad(name, out var handle)) return new NativeLibraryProbe(what, name, handle);
        throw new CudaUnavailableException($"{what} was not found (tried {string.Join(", ", candidates)})");
    }

    /// <summary>The address of an exported function, or <see cref="CudaUnavailableException"/> naming the library and export.</summary>
    public IntPtr Export(string name) =>
        NativeLibrary.TryGetExport(Handle, name, out var address)
            ? address
            : throw new CudaUnavailableException($"{What} ({LoadedName}) has no entry point {name}; it is too old for this program");
}
