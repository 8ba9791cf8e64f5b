using Harness.Cuda;

namespace Harness.Engine.Cuda;

/// <summary>
/// <paramref name="Count"/> values of <typeparamref name="T"/> at a device address, as an <see cref="IWideDevice"/>
/// allocated them; passed to kernels as a pointer. <see cref="At"/> is the address of one element (e.g. a layer's
/// weights inside the parameters).
/// </summary>
internal sealed record DeviceArray<T>(ulong Pointer, long Count) : IDevicePointer where T : unmanaged
{
    public ulong DevicePointer => Pointer;

    /// <summary>The address of element <paramref name="index"/>.</summary>
    public unsafe ulong At(long index) => Pointer + (ulong)(index * sizeof(T));
}
