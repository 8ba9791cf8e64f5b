namespace Harness.Cuda;

/// <summary>
/// A CUDA call returned an error. The message names the call, the kernel (when there is one) and CUDA's own name
/// for the error, e.g. "cuLaunchKernel failed for kernel 'saxpy': CUDA_ERROR_INVALID_VALUE (1)".
/// </summary>
public sealed class CudaException : Exception
{
    /// <summary>Creates the exception; <see cref="CudaCheck"/> is the one place that does.</summary>
    public CudaException(string call, string? kernel, string errorName, int code, string? detail = null)
        : base(Format(call, kernel, errorName, code, detail))
    {
        Call = call;
        Kernel = kernel;
        ErrorName = errorName;
        Code = code;
    }

    /// <summary>The API function that failed, e.g. "cuMemAlloc_v2".</summary>
    public string Call { get; }

    /// <summary>The kernel being compiled, loaded or launched, or null.</summary>
    public string? Kernel { get; }

    /// <summary>CUDA's name for the error, e.g. "CUDA_ERROR_OUT_OF_MEMORY", "NVRTC_ERROR_COMPILATION".</summary>
    public string ErrorName { get; }

    /// <summary>The numeric status the call returned.</summary>
    public int Code { get; }

    private static string Format(string call, string? kernel, string errorName, int code, string? detail)
    {
        var head = kernel is null
            ? $"{call} failed: {errorName} ({code})"
            : $"{call} failed for kernel '{kernel}': {errorName} ({code})";
        return string.IsNullOrWhiteSpace(detail) ? head : head + Environment.NewLine + detail.TrimEnd();
    }
}
