using Harness.Cuda.Interop;

namespace Harness.Cuda;

/// <summary>
/// A cuBLAS handle on a context's device. Matrices are column-major as in cuBLAS; a row-major C = A·B is
/// Sgemm(N, N, n, m, k, 1, B, n, A, k, 0, C, n). Shaped like ManagedCuda's CudaBlas.
/// </summary>
public sealed unsafe class CudaBlas : IDisposable
{
    private readonly CudaContext _context;
    private readonly BlasApi _api;
    private nint _handle;

    /// <summary>Creates the handle; a missing cuBLAS throws <see cref="CudaUnavailableException"/>.</summary>
    public CudaBlas(CudaContext context)
    {
        _context = context;
        _api = BlasApi.Instance;
        context.MakeCurrent();
        nint handle;
        CudaCheck.Blas(_api.cublasCreate_v2(&handle), "cublasCreate_v2");
        _handle = handle;
    }

    /// <summary>True when cuBLAS loads (the file name in <paramref name="detail"/>); otherwise false with the reason.</summary>
    public static bool IsAvailable(out string detail)
    {
        try
        {
            detail = BlasApi.Instance.Library.LoadedName;
            return true;
        }
        catch (CudaUnavailableException ex)
        {
            detail = ex.Message;
            return false;
        }
    }

    /// <summary>cuBLAS's version as "13.1.0".</summary>
    public string Version
    {
        get
        {
            int v;
            CudaCheck.Blas(_api.cublasGetVersion_v2(Handle, &v), "cublasGetVersion_v2");
            return CudaVersions.FormatBlas(v);
        }
    }

    /// <summary>The library file that loaded.</summary>
    public string LibraryName => _api.Library.LoadedName;

    /// <summary>C = alpha·op(A)·op(B) + beta·C, column-major: op(A) m×k, op(B) k×n, C m×n.</summary>
    public void Sgemm(BlasOperation transA, BlasOperation transB, int m, int n, int k, float alpha,
        CudaDeviceVariable<float> a, int lda, CudaDeviceVariable<float> b, int ldb, float beta, CudaDeviceVariable<float> c, int ldc)
    {
        _context.MakeCurrent();
        CudaCheck.Blas(_api.cublasSgemm_v2(Handle, (int)transA, (int)transB, m, n, k, &alpha, a.DevicePointer, lda,
            b.DevicePointer, ldb, &beta, c.DevicePointer, ldc), "cublasSgemm_v2");
    }

    /// <summary>
    /// <paramref name="batchCount"/> independent Sgemms in one call; matrix i of A starts at a + i·strideA elements
    /// (likewise B and C). One call trains many same-shape models at once.
    /// </summary>
    public void SgemmStridedBatched(BlasOperation transA, BlasOperation transB, int m, int n, int k, float alpha,
        CudaDeviceVariable<float> a, int lda, long strideA, CudaDeviceVariable<float> b, int ldb, long strideB, float beta,
        CudaDeviceVariable<float> c, int ldc, long strideC, int batchCount)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        SgemmStridedBatched(transA, transB, m, n, k, alpha, a.DevicePointer, lda, strideA, b.DevicePointer, ldb, strideB, beta,
            c.DevicePointer, ldc, strideC, batchCount);
    }

    /// <summary>As above, on device addresses (e.g. a layer's weights inside a larger buffer).</summary>
    public void SgemmStridedBatched(BlasOperation transA, BlasOperation transB, int m, int n, int k, float alpha,
        ulong a, int lda, long strideA, ulong b, int ldb, long strideB, float beta, ulong c, int ldc, long strideC, int batchCount)
    {
        _context.MakeCurrent();
        CudaCheck.Blas(_api.cublasSgemmStridedBatched(Handle, (int)transA, (int)transB, m, n, k, &alpha, a,
            lda, strideA, b, ldb, strideB, &beta, c, ldc, strideC, batchCount),
            "cublasSgemmStridedBatched");
    }

    /// <summary>Issues the handle's later calls to <paramref name="stream"/> (cuBLAS's own default is the legacy stream).</summary>
    public void SetStream(CudaStream stream)
    {
        _context.MakeCurrent();
        CudaCheck.Blas(_api.cublasSetStream_v2(Handle, stream.Handle), "cublasSetStream_v2");
    }

    /// <summary>
    /// Gives the handle a workspace of its own (after <see cref="SetStream"/>, which resets it), so calls captured
    /// into a CUDA graph allocate nothing.
    /// </summary>
    public void SetWorkspace(CudaDeviceVariable<byte> workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _context.MakeCurrent();
        CudaCheck.Blas(_api.cublasSetWorkspace_v2(Handle, workspace.DevicePointer, (nuint)workspace.SizeInBytes), "cublasSetWorkspace_v2");
    }

    /// <summary>The arithmetic the handle's single-precision products may use.</summary>
    public void SetMathMode(BlasMathMode mode)
    {
        _context.MakeCurrent();
        CudaCheck.Blas(_api.cublasSetMathMode(Handle, (int)mode), "cublasSetMathMode");
    }

    /// <summary>Destroys the handle.</summary>
    public void Dispose()
    {
        if (_handle == 0) return;
        var handle = _handle;
        _handle = 0;
        CudaCheck.Freeing(_context, () => CudaCheck.Blas(_api.cublasDestroy_v2(handle), "cublasDestroy_v2"));
    }

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == 0, this);
            return _handle;
        }
    }
}
