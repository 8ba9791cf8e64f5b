using Harness.Cuda.Interop;

namespace Harness.Cuda;

/// <summary>
/// The one helper every driver, NVRTC and cuBLAS call goes through: a non-zero status becomes a
/// <see cref="CudaException"/> naming the call, the kernel and CUDA's error name.
/// </summary>
public static class CudaCheck
{
    /// <summary>Throws unless a driver API call (CUresult) succeeded.</summary>
    public static void Driver(int result, string call, string? kernel = null)
    {
        if (result != 0) Fail(result, call, kernel, DriverApi.ErrorName);
    }

    /// <summary>
    /// Makes <paramref name="context"/> current and runs <paramref name="free"/>, a call that frees something of its. When it fails because
    /// the context is lost (a sticky error: what it frees went with the context), the failure is dropped, so disposing
    /// after a kernel fault does not hide the fault itself; any other failure propagates.
    /// </summary>
    public static void Freeing(CudaContext context, Action free)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(free);
        try
        {
            context.MakeCurrent();
            free();
        }
        catch (CudaException e) when (e.ContextLost || context.Lost) { }
    }

    /// <summary>Throws unless an NVRTC call (nvrtcResult) succeeded; <paramref name="log"/> is appended (the compile log).</summary>
    public static void Nvrtc(int result, string call, string? kernel = null, Func<string>? log = null)
    {
        if (result != 0) Fail(result, call, kernel, NvrtcApi.ErrorName, log?.Invoke());
    }

    /// <summary>Throws unless a cuBLAS call (cublasStatus_t) succeeded.</summary>
    public static void Blas(int status, string call)
    {
        if (status != 0) Fail(status, call, null, BlasStatusName);
    }

    /// <summary>The general form: <paramref name="name"/> turns the status into CUDA's name for it.</summary>
    public static void Check(int status, string call, string? kernel, Func<int, string> name, string? detail = null)
    {
        if (status != 0) Fail(status, call, kernel, name, detail);
    }

    /// <summary>cuBLAS's name for a status (cublasStatus_t), from the header; cuBLAS 11 lacks cublasGetStatusName.</summary>
    public static string BlasStatusName(int status) => status switch
    {
        0 => "CUBLAS_STATUS_SUCCESS",
        1 => "CUBLAS_STATUS_NOT_INITIALIZED",
        3 => "CUBLAS_STATUS_ALLOC_FAILED",
        7 => "CUBLAS_STATUS_INVALID_VALUE",
        8 => "CUBLAS_STATUS_ARCH_MISMATCH",
        11 => "CUBLAS_STATUS_MAPPING_ERROR",
        13 => "CUBLAS_STATUS_EXECUTION_FAILED",
        14 => "CUBLAS_STATUS_INTERNAL_ERROR",
        15 => "CUBLAS_STATUS_NOT_SUPPORTED",
        16 => "CUBLAS_STATUS_LICENSE_ERROR",
        _ => $"CUBLAS_STATUS_UNKNOWN_{status}",
    };

    private static void Fail(int status, string call, string? kernel, Func<int, string> name, string? detail = null)
    {
        string errorName;
        try { errorName = name(status); }
        catch (Exception ex) when (ex is CudaUnavailableException or EntryPointNotFoundException or DllNotFoundException)
        {
            errorName = "unnamed status";
        }
        throw new CudaException(call, kernel, errorName, status, detail);
    }
}
