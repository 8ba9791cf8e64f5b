using System.Runtime.InteropServices;

namespace Harness.Cuda.Interop;

/// <summary>
/// The CUDA driver API entry points this project uses, resolved once from libcuda.so.1 / nvcuda.dll. Signatures are
/// blittable: handles and device pointers as nint/ulong, strings as byte*. Every status goes through <see cref="CudaCheck"/>.
/// </summary>
internal sealed unsafe class DriverApi
{
    private static readonly Lazy<DriverApi> Loaded = new(() => new DriverApi(NativeLibraryProbe.Load(CudaLibrary.Driver)));

    public readonly delegate* unmanaged<uint, int> cuInit;
    public readonly delegate* unmanaged<int*, int> cuDriverGetVersion;
    public readonly delegate* unmanaged<int*, int> cuDeviceGetCount;
    public readonly delegate* unmanaged<int*, int, int> cuDeviceGet;
    public readonly delegate* unmanaged<byte*, int, int, int> cuDeviceGetName;
    public readonly delegate* unmanaged<int*, int, int, int> cuDeviceGetAttribute;
    public readonly delegate* unmanaged<nuint*, int, int> cuDeviceTotalMem_v2;
    public readonly delegate* unmanaged<nint*, int, int> cuDevicePrimaryCtxRetain;
    public readonly delegate* unmanaged<int, int> cuDevicePrimaryCtxRelease_v2;
    public readonly delegate* unmanaged<nint, int> cuCtxSetCurrent;
    public readonly delegate* unmanaged<int> cuCtxSynchronize;
    public readonly delegate* unmanaged<nuint*, nuint*, int> cuMemGetInfo_v2;
    public readonly delegate* unmanaged<ulong*, nuint, int> cuMemAlloc_v2;
    public readonly delegate* unmanaged<ulong, int> cuMemFree_v2;
    public readonly delegate* unmanaged<ulong*, nuint, nint, int> cuMemAllocAsync;
    public readonly delegate* unmanaged<ulong, nint, int> cuMemFreeAsync;
    public readonly delegate* unmanaged<ulong, void*, nuint, int> cuMemcpyHtoD_v2;
    public readonly delegate* unmanaged<void*, ulong, nuint, int> cuMemcpyDtoH_v2;
    public readonly delegate* unmanaged<ulong, byte, nuint, int> cuMemsetD8_v2;
    public readonly delegate* unmanaged<ulong, byte, nuint, nint, int> cuMemsetD8Async;
    public readonly delegate* unmanaged<ulong, ulong, nuint, int> cuMemcpyDtoD_v2;
    public readonly delegate* unmanaged<ulong, void*, nuint, nint, int> cuMemcpyHtoDAsync_v2;
    public readonly delegate* unmanaged<void*, ulong, nuint, nint, int> cuMemcpyDtoHAsync_v2;
    public readonly delegate* unmanaged<ulong, ulong, nuint, nint, int> cuMemcpyDtoDAsync_v2;
    public readonly delegate* unmanaged<nint, int> cuStreamSynchronize;
    public readonly delegate* unmanaged<nint*, void*, int> cuModuleLoadData;
    public readonly delegate* unmanaged<nint, int> cuModuleUnload;
    public readonly delegate* unmanaged<nint*, nint, byte*, int> cuModuleGetFunction;
    public readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> cuLaunchKernel;
    public readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, int> cuLaunchCooperativeKernel;
    public readonly delegate* unmanaged<int*, nint, int, nuint, int> cuOccupancyMaxActiveBlocksPerMultiprocessor;
    public readonly delegate* unmanaged<int*, int, nint, int> cuFuncGetAttribute;
    public readonly delegate* unmanaged<int, byte**, int> cuGetErrorName;
    public readonly delegate* unmanaged<nint*, uint, int> cuStreamCreate;
    public readonly delegate* unmanaged<nint, int> cuStreamDestroy_v2;
    public readonly delegate* unmanaged<nint, int, int> cuStreamBeginCapture_v2;
    public readonly delegate* unmanaged<nint, nint*, int> cuStreamEndCapture;
    public readonly delegate* unmanaged<nint*, nint, ulong, int> cuGraphInstantiateWithFlags;
    public readonly delegate* unmanaged<nint, nint, int> cuGraphLaunch;
    public readonly delegate* unmanaged<nint, int> cuGraphDestroy;
    public readonly delegate* unmanaged<nint, int> cuGraphExecDestroy;

    private DriverApi(NativeLibraryProbe lib)
    {
        Library = lib;
        cuInit = (delegate* unmanaged<uint, int>)lib.Export("cuInit");
        cuDriverGetVersion = (delegate* unmanaged<int*, int>)lib.Export("cuDriverGetVersion");
        cuDeviceGetCount = (delegate* unmanaged<int*, int>)lib.Export("cuDeviceGetCount");
        cuDeviceGet = (delegate* unmanaged<int*, int, int>)lib.Export("cuDeviceGet");
        cuDeviceGetName = (delegate* unmanaged<byte*, int, int, int>)lib.Export("cuDeviceGetName");
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)lib.Export("cuDeviceGetAttribute");
        cuDeviceTotalMem_v2 = (delegate* unmanaged<nuint*, int, int>)lib.Export("cuDeviceTotalMem_v2");
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, int>)lib.Export("cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease_v2 = (delegate* unmanaged<int, int>)lib.Export("cuDevicePrimaryCtxRelease_v2");
        cuCtxSetCurrent = (delegate* unmanaged<nint, int>)lib.Export("cuCtxSetCurrent");
        cuCtxSynchronize = (delegate* unmanaged<int>)lib.Export("cuCtxSynchronize");
        cuMemGetInfo_v2 = (delegate* unmanaged<nuint*, nuint*, int>)lib.Export("cuMemGetInfo_v2");
        cuMemAlloc_v2 = (delegate* unmanaged<ulong*, nuint, int>)lib.Export("cuMemAlloc_v2");
        cuMemFree_v2 = (delegate* unmanaged<ulong, int>)lib.Export("cuMemFree_v2");
        cuMemAllocAsync = (delegate* unmanaged<ulong*, nuint, nint, int>)lib.Export("cuMemAllocAsync");
        cuMemFreeAsync = (delegate* unmanaged<ulong, nint, int>)lib.Export("cuMemFreeAsync");
        cuMemcpyHtoD_v2 = (delegate* unmanaged<ulong, void*, nuint, int>)lib.Export("cuMemcpyHtoD_v2");
        cuMemcpyDtoH_v2 = (delegate* unmanaged<void*, ulong, nuint, int>)lib.Export("cuMemcpyDtoH_v2");
        cuMemsetD8_v2 = (delegate* unmanaged<ulong, byte, nuint, int>)lib.Export("cuMemsetD8_v2");
        cuMemsetD8Async = (delegate* unmanaged<ulong, byte, nuint, nint, int>)lib.Export("cuMemsetD8Async");
        cuMemcpyDtoD_v2 = (delegate* unmanaged<ulong, ulong, nuint, int>)lib.Export("cuMemcpyDtoD_v2");
        cuMemcpyHtoDAsync_v2 = (delegate* unmanaged<ulong, void*, nuint, nint, int>)lib.Export("cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync_v2 = (delegate* unmanaged<void*, ulong, nuint, nint, int>)lib.Export("cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync_v2 = (delegate* unmanaged<ulong, ulong, nuint, nint, int>)lib.Export("cuMemcpyDtoDAsync_v2");
        cuStreamSynchronize = (delegate* unmanaged<nint, int>)lib.Export("cuStreamSynchronize");
        cuModuleLoadData = (delegate* unmanaged<nint*, void*, int>)lib.Export("cuModuleLoadData");
        cuModuleUnload = (delegate* unmanaged<nint, int>)lib.Export("cuModuleUnload");
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)lib.Export("cuModuleGetFunction");
        cuLaunchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)lib.Export("cuLaunchKernel");
        cuLaunchCooperativeKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, int>)lib.Export("cuLaunchCooperativeKernel");
        cuOccupancyMaxActiveBlocksPerMultiprocessor = (delegate* unmanaged<int*, nint, int, nuint, int>)lib.Export("cuOccupancyMaxActiveBlocksPerMultiprocessor");
        cuFuncGetAttribute = (delegate* unmanaged<int*, int, nint, int>)lib.Export("cuFuncGetAttribute");
        cuGetErrorName = (delegate* unmanaged<int, byte**, int>)lib.Export("cuGetErrorName");
        cuStreamCreate = (delegate* unmanaged<nint*, uint, int>)lib.Export("cuStreamCreate");
        cuStreamDestroy_v2 = (delegate* unmanaged<nint, int>)lib.Export("cuStreamDestroy_v2");
        cuStreamBeginCapture_v2 = (delegate* unmanaged<nint, int, int>)lib.Export("cuStreamBeginCapture_v2");
        cuStreamEndCapture = (delegate* unmanaged<nint, nint*, int>)lib.Export("cuStreamEndCapture");
        cuGraphInstantiateWithFlags = (delegate* unmanaged<nint*, nint, ulong, int>)lib.Export("cuGraphInstantiateWithFlags");
        cuGraphLaunch = (delegate* unmanaged<nint, nint, int>)lib.Export("cuGraphLaunch");
        cuGraphDestroy = (delegate* unmanaged<nint, int>)lib.Export("cuGraphDestroy");
        cuGraphExecDestroy = (delegate* unmanaged<nint, int>)lib.Export("cuGraphExecDestroy");
    }

    /// <summary>The library that loaded.</summary>
    public NativeLibraryProbe Library { get; }

    /// <summary>The loaded API; throws <see cref="CudaUnavailableException"/> when the driver is missing or too old.</summary>
    public static DriverApi Instance => Loaded.Value;

    /// <summary>CUDA's name for a CUresult, from cuGetErrorName when the driver is loaded, else "CUDA_ERROR_&lt;code&gt;".</summary>
    public static string ErrorName(int result)
    {
        if (!Loaded.IsValueCreated) return $"CUDA_ERROR_{result}";
        byte* name = null;
        return Loaded.Value.cuGetErrorName(result, &name) == 0 && name != null
            ? Marshal.PtrToStringUTF8((nint)name) ?? $"CUDA_ERROR_{result}"
            : $"CUDA_ERROR_{result}";
    }
}
