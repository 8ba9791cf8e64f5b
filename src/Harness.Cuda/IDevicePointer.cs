namespace Harness.Cuda;

/// <summary>Anything that is a device address; <see cref="CudaKernel"/> passes it to a kernel as a pointer argument.</summary>
public interface IDevicePointer
{
    /// <summary>The CUdeviceptr.</summary>
    ulong DevicePointer { get; }
}
