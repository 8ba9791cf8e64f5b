namespace Harness.Cuda;

/// <summary>
/// There is no usable CUDA here: a library (driver, NVRTC, cuBLAS) is missing or lacks an entry point, or no device
/// answers. The message always starts with "no usable CUDA: " and then says why.
/// </summary>
public sealed class CudaUnavailableException : Exception
{
    /// <summary>The prefix every message starts with.</summary>
    public const string Prefix = "no usable CUDA: ";

    /// <summary>Creates the exception from the reason alone (without the prefix).</summary>
    public CudaUnavailableException(string why, Exception? inner = null) : base(Prefix + why, inner) => Why = why;

    /// <summary>The reason, without the "no usable CUDA: " prefix.</summary>
    public string Why { get; }
}
