namespace Harness.Cuda.Interop;

/// <summary>The cuBLAS entry points this project uses (the _v2 API), resolved once from the newest libcublas / cublas64 found.</summary>
internal sealed unsafe class BlasApi
{
    private static readonly Lazy<BlasApi> Loaded = new(() => new BlasApi(NativeLibraryProbe.Load(CudaLibrary.Blas)));

    public readonly delegate* unmanaged<nint*, int> cublasCreate_v2;
    public readonly delegate* unmanaged<nint, int> cublasDestroy_v2;
    public readonly delegate* unmanaged<nint, int*, int> cublasGetVersion_v2;
    public readonly delegate* unmanaged<nint, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int> cublasSgemm_v2;
    public readonly delegate* unmanaged<nint, int, int, int, int, int, float*, ulong, int, long, ulong, int, long, float*, ulong, int, long, int, int> cublasSgemmStridedBatched;
    public readonly delegate* unmanaged<nint, nint, int> cublasSetStream_v2;
    public readonly delegate* unmanaged<nint, ulong, nuint, int> cublasSetWorkspace_v2;
    public readonly delegate* unmanaged<nint, int, int> cublasSetMathMode;

    private BlasApi(NativeLibraryProbe lib)
    {
        Library = lib;
        cublasCreate_v2 = (delegate* unmanaged<nint*, int>)lib.Export("cublasCreate_v2");
        cublasDestroy_v2 = (delegate* unmanaged<nint, int>)lib.Export("cublasDestroy_v2");
        cublasGetVersion_v2 = (delegate* unmanaged<nint, int*, int>)lib.Export("cublasGetVersion_v2");
        cublasSgemm_v2 = (delegate* unmanaged<nint, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int>)lib.Export("cublasSgemm_v2");
        cublasSgemmStridedBatched = (delegate* unmanaged<nint, int, int, int, int, int, float*, ulong, int, long, ulong, int, long, float*, ulong, int, long, int, int>)lib.Export("cublasSgemmStridedBatched");
        cublasSetStream_v2 = (delegate* unmanaged<nint, nint, int>)lib.Export("cublasSetStream_v2");
        cublasSetWorkspace_v2 = (delegate* unmanaged<nint, ulong, nuint, int>)lib.Export("cublasSetWorkspace_v2");
        cublasSetMathMode = (delegate* unmanaged<nint, int, int>)lib.Export("cublasSetMathMode");
    }

    /// <summary>The library that loaded.</summary>
    public NativeLibraryProbe Library { get; }

    /// <summary>The loaded API; throws <see cref="CudaUnavailableException"/> when cuBLAS is missing.</summary>
    public static BlasApi Instance => Loaded.Value;
}
