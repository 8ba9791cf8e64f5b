namespace Harness.Cuda.Interop;

/// <summary>
/// The values of CUDA's enums and macros that this project passes to the driver or reads from it, one class per
/// prefix, each name spelled as the header's without its prefix (MultiprocessorCount is
/// CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT). HeaderBindingTests checks them against cuda.h where it is installed.
/// </summary>
internal static class CudaConstants
{
    /// <summary>CUdevice_attribute.</summary>
    public static class DeviceAttribute
    {
        public const string Prefix = "CU_DEVICE_ATTRIBUTE_";
        public const int MultiprocessorCount = 16, KernelExecTimeout = 17, ComputeCapabilityMajor = 75, ComputeCapabilityMinor = 76,
            CooperativeLaunch = 95, MemoryPoolsSupported = 115;
    }

    /// <summary>CUfunction_attribute.</summary>
    public static class FunctionAttribute
    {
        public const string Prefix = "CU_FUNC_ATTRIBUTE_";
        public const int SharedSizeBytes = 1, LocalSizeBytes = 3, NumRegs = 4;
    }

    /// <summary>cuStreamCreate's flag, and the handles of the two named default streams.</summary>
    public static class Stream
    {
        public const string Prefix = "CU_STREAM_";
        public const int NonBlocking = 1, Legacy = 1, PerThread = 2;
    }

    /// <summary>CUstreamCaptureMode.</summary>
    public static class StreamCaptureMode
    {
        public const string Prefix = "CU_STREAM_CAPTURE_MODE_";
        public const int ThreadLocal = 1;
    }

    /// <summary>The CUresult values after which the context can run nothing more (<see cref="CudaException.ContextLost"/>).</summary>
    public static class StickyError
    {
        public const string Prefix = "CUDA_ERROR_";
        public const int EccUncorrectable = 214, IllegalAddress = 700, LaunchTimeout = 702, ContextIsDestroyed = 709, Assert = 710,
            HardwareStackError = 714, IllegalInstruction = 715, MisalignedAddress = 716, InvalidAddressSpace = 717, InvalidPc = 718,
            LaunchFailed = 719;
    }
}
