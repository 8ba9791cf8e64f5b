namespace Harness.Cuda;

/// <summary>What the driver says about one device.</summary>
/// <param name="Ordinal">The device index the context was created on.</param>
/// <param name="Name">The marketing name, e.g. "NVIDIA H200".</param>
/// <param name="Capability">Compute capability.</param>
/// <param name="TotalMemoryBytes">Global memory in bytes.</param>
/// <param name="MultiprocessorCount">Streaming multiprocessors.</param>
/// <param name="DriverVersion">The CUDA version the driver supports, as cuDriverGetVersion gives it (13000 for 13.0).</param>
/// <param name="CooperativeLaunch">Whether kernels may be launched cooperatively (all blocks resident at once), which
/// the CUDA engine needs to split a member over a group of blocks.</param>
/// <param name="MemoryPools">Whether the device allocates in stream order (cuMemAllocAsync / cuMemFreeAsync), which
/// frees memory without waiting for the work other streams have in flight.</param>
/// <param name="RunTimeLimit">Whether the device ends kernels that run too long (a GPU that also drives a display:
/// Windows' watchdog resets the driver after about 2 s, and an X server on Linux sets a limit too), which leaves the
/// process without CUDA; the CUDA engine then cuts each epoch into short launches.</param>
public sealed record CudaDeviceInfo(int Ordinal, string Name, ComputeCapability Capability, long TotalMemoryBytes,
    int MultiprocessorCount, int DriverVersion, bool CooperativeLaunch, bool MemoryPools, bool RunTimeLimit)
{
    /// <summary>The driver's CUDA version as "13.0".</summary>
    public string DriverCudaVersion => CudaVersions.FormatDriver(DriverVersion);
}
