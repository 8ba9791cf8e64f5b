using System.Runtime.InteropServices;

namespace Harness.Cuda.Interop;

/// <summary>The NVRTC entry points this project uses, resolved once from the newest libnvrtc / nvrtc64 found.</summary>
internal sealed unsafe class NvrtcApi
{
    private static readonly Lazy<NvrtcApi> Loaded = new(() => new NvrtcApi(NativeLibraryProbe.Load(CudaLibrary.Nvrtc)));

    public readonly delegate* unmanaged<int*, int*, int> nvrtcVersion;
    public readonly delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int> nvrtcCreateProgram;
    public readonly delegate* unmanaged<nint, int, byte**, int> nvrtcCompileProgram;
    public readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetPTXSize;
    public readonly delegate* unmanaged<nint, byte*, int> nvrtcGetPTX;
    public readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetCUBINSize;
    public readonly delegate* unmanaged<nint, byte*, int> nvrtcGetCUBIN;
    public readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetProgramLogSize;
    public readonly delegate* unmanaged<nint, byte*, int> nvrtcGetProgramLog;
    public readonly delegate* unmanaged<nint*, int> nvrtcDestroyProgram;
    public readonly delegate* unmanaged<int, byte*> nvrtcGetErrorString;

    private NvrtcApi(NativeLibraryProbe lib)
    {
        Library = lib;
        nvrtcVersion = (delegate* unmanaged<int*, int*, int>)lib.Export("nvrtcVersion");
        nvrtcCreateProgram = (delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int>)lib.Export("nvrtcCreateProgram");
        nvrtcCompileProgram = (delegate* unmanaged<nint, int, byte**, int>)lib.Export("nvrtcCompileProgram");
        nvrtcGetPTXSize = (delegate* unmanaged<nint, nuint*, int>)lib.Export("nvrtcGetPTXSize");
        nvrtcGetPTX = (delegate* unmanaged<nint, byte*, int>)lib.Export("nvrtcGetPTX");
        nvrtcGetCUBINSize = (delegate* unmanaged<nint, nuint*, int>)lib.Export("nvrtcGetCUBINSize"); // NVRTC 11.1 and later
        nvrtcGetCUBIN = (delegate* unmanaged<nint, byte*, int>)lib.Export("nvrtcGetCUBIN");
        nvrtcGetProgramLogSize = (delegate* unmanaged<nint, nuint*, int>)lib.Export("nvrtcGetProgramLogSize");
        nvrtcGetProgramLog = (delegate* unmanaged<nint, byte*, int>)lib.Export("nvrtcGetProgramLog");
        nvrtcDestroyProgram = (delegate* unmanaged<nint*, int>)lib.Export("nvrtcDestroyProgram");
        nvrtcGetErrorString = (delegate* unmanaged<int, byte*>)lib.Export("nvrtcGetErrorString");
    }

    /// <summary>The library that loaded.</summary>
    public NativeLibraryProbe Library { get; }

    /// <summary>The loaded API; throws <see cref="CudaUnavailableException"/> when NVRTC is missing.</summary>
    public static NvrtcApi Instance => Loaded.Value;

    /// <summary>NVRTC's name for an nvrtcResult (nvrtcGetErrorString), or "NVRTC_ERROR_&lt;code&gt;" before it loaded.</summary>
    public static string ErrorName(int result)
    {
        if (!Loaded.IsValueCreated) return $"NVRTC_ERROR_{result}";
        var s = Loaded.Value.nvrtcGetErrorString(result);
        return s == null ? $"NVRTC_ERROR_{result}" : Marshal.PtrToStringUTF8((nint)s) ?? $"NVRTC_ERROR_{result}";
    }
}
