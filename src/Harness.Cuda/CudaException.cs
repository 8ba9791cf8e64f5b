using StickyError = Harness.Cuda.Interop.CudaConstants.StickyError;

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

    /// <summary>
    /// True for the driver's sticky errors: a kernel faulted (illegal or misaligned address, illegal instruction, a
    /// failed launch, a trap, a timeout) or the memory is uncorrectable, so the context (the process's use of the
    /// device) can run nothing more and every later call fails the same way. A new process gets a fresh context.
    /// </summary>
    public bool ContextLost => IsContextLost(Code);

    /// <summary>True when the driver status <paramref name="code"/> is one of its sticky errors (<see cref="ContextLost"/>).</summary>
    public static bool IsContextLost(int code) => code is StickyError.EccUncorrectable or StickyError.IllegalAddress
        or StickyError.LaunchTimeout or StickyError.ContextIsDestroyed or StickyError.Assert or StickyError.HardwareStackError
        or StickyError.IllegalInstruction or StickyError.MisalignedAddress or StickyError.InvalidAddressSpace
        or StickyError.InvalidPc or StickyError.LaunchFailed;

    private static string Format(string call, string? kernel, string errorName, int code, string? detail)
    {
        var head = kernel is null
            ? $"{call} failed: {errorName} ({code})"
            : $"{call} failed for kernel '{kernel}': {errorName} ({code})";
        return string.IsNullOrWhiteSpace(detail) ? head : head + Environment.NewLine + detail.TrimEnd();
    }
}
