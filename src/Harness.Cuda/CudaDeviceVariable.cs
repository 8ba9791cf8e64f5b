namespace Harness.Cuda;

/// <summary>
/// A typed buffer of <see cref="Size"/> elements in device memory (cuMemAlloc, or cuMemAllocAsync in stream order),
/// freed on dispose. Named and shaped like ManagedCuda's type of the same name.
/// </summary>
public sealed unsafe class CudaDeviceVariable<T> : IDevicePointer, IDisposable where T : unmanaged
{
    private readonly CudaContext _context;
    private readonly CudaStream? _ordered;
    private ulong _pointer;

    /// <summary>Allocates <paramref name="size"/> elements (contents undefined; see <see cref="Memset"/>).</summary>
    public CudaDeviceVariable(CudaContext context, long size) : this(context, size, null) { }

    /// <summary>
    /// Allocates <paramref name="size"/> elements from the device's memory pool in the order of <paramref name="stream"/>
    /// (cuMemAllocAsync) and waits for that stream, so any stream may use the buffer; <see cref="Dispose"/> gives it back
    /// in stream order too (cuMemFreeAsync), which, unlike cuMemFree, does not wait for the work of every other stream
    /// in flight (cohorts trained at once). Dispose only once the work that reads the buffer is done, as the host has
    /// waited for it. A device without memory pools gets cuMemAlloc and cuMemFree.
    /// </summary>
    public CudaDeviceVariable(CudaContext context, long size, CudaStream stream) : this(context, size, (CudaStream?)stream) { }

    // stream null, or a device without memory pools: cuMemAlloc.
    private CudaDeviceVariable(CudaContext context, long size, CudaStream? stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Size = size;
        context.MakeCurrent();
        ulong p;
        if (stream is { } s && context.Device.MemoryPools)
        {
            CudaCheck.Driver(context.Api.cuMemAllocAsync(&p, (nuint)SizeInBytes, s.Handle), "cuMemAllocAsync");
            _pointer = p;
            _ordered = s;
            s.Synchronize(context);
            return;
        }
        CudaCheck.Driver(context.Api.cuMemAlloc_v2(&p, (nuint)SizeInBytes), "cuMemAlloc_v2");
        _pointer = p;
    }

    /// <summary>Allocates a buffer the size of <paramref name="host"/> and copies it to the device.</summary>
    public CudaDeviceVariable(CudaContext context, ReadOnlySpan<T> host) : this(context, host.Length) => CopyToDevice(host);

    /// <summary>Allocates a buffer the size of <paramref name="host"/> in the order of <paramref name="stream"/> and copies it there.</summary>
    public CudaDeviceVariable(CudaContext context, ReadOnlySpan<T> host, CudaStream stream) : this(context, host.Length, stream) =>
        CopyToDevice(host, 0, stream);

    /// <summary>Elements.</summary>
    public long Size { get; }

    /// <summary>Bytes.</summary>
    public long SizeInBytes => Size * sizeof(T);

    /// <inheritdoc />
    public ulong DevicePointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer == 0, this);
            return _pointer;
        }
    }

    /// <summary>Copies all of <paramref name="host"/> to the start of the buffer (it must not be longer).</summary>
    public void CopyToDevice(ReadOnlySpan<T> host)
    {
        Fits(host.Length);
        _context.MakeCurrent();
        fixed (T* p = host)
            CudaCheck.Driver(_context.Api.cuMemcpyHtoD_v2(DevicePointer, p, (nuint)(host.Length * sizeof(T))), "cuMemcpyHtoD_v2");
    }

    /// <summary>Copies the first <c>host.Length</c> elements of the buffer into <paramref name="host"/>.</summary>
    public void CopyToHost(Span<T> host)
    {
        Fits(host.Length);
        _context.MakeCurrent();
        fixed (T* p = host)
            CudaCheck.Driver(_context.Api.cuMemcpyDtoH_v2(p, DevicePointer, (nuint)(host.Length * sizeof(T))), "cuMemcpyDtoH_v2");
    }

    /// <summary>Copies <c>host.Length</c> elements starting at element <paramref name="offset"/> into <paramref name="host"/>.</summary>
    public void CopyToHost(Span<T> host, long offset)
    {
        Inside(offset, host.Length);
        _context.MakeCurrent();
        fixed (T* p = host)
            CudaCheck.Driver(_context.Api.cuMemcpyDtoH_v2(p, DevicePointer + (ulong)(offset * sizeof(T)), (nuint)(host.Length * sizeof(T))), "cuMemcpyDtoH_v2");
    }

    /// <summary>Copies all of <paramref name="host"/> into the buffer starting at element <paramref name="offset"/>.</summary>
    public void CopyToDevice(ReadOnlySpan<T> host, long offset)
    {
        Inside(offset, host.Length);
        _context.MakeCurrent();
        fixed (T* p = host)
            CudaCheck.Driver(_context.Api.cuMemcpyHtoD_v2(DevicePointer + (ulong)(offset * sizeof(T)), p, (nuint)(host.Length * sizeof(T))), "cuMemcpyHtoD_v2");
    }

    /// <summary>Copies <paramref name="count"/> elements from element <paramref name="offset"/> of this buffer to element <paramref name="targetOffset"/> of <paramref name="target"/>, on the device.</summary>
    public void CopyTo(CudaDeviceVariable<T> target, long offset, long targetOffset, long count)
    {
        ArgumentNullException.ThrowIfNull(target);
        Inside(offset, count);
        target.Inside(targetOffset, count);
        _context.MakeCurrent();
        CudaCheck.Driver(_context.Api.cuMemcpyDtoD_v2(target.DevicePointer + (ulong)(targetOffset * sizeof(T)),
            DevicePointer + (ulong)(offset * sizeof(T)), (nuint)(count * sizeof(T))), "cuMemcpyDtoD_v2");
    }

    /// <summary>Copies <paramref name="host"/> to element <paramref name="offset"/> on <paramref name="stream"/>; returns once the host memory may be reused.</summary>
    public void CopyToDevice(ReadOnlySpan<T> host, long offset, CudaStream stream)
    {
        Inside(offset, host.Length);
        _context.MakeCurrent();
        fixed (T* p = host)
            CudaCheck.Driver(_context.Api.cuMemcpyHtoDAsync_v2(DevicePointer + (ulong)(offset * sizeof(T)), p, (nuint)(host.Length * sizeof(T)), stream.Handle), "cuMemcpyHtoDAsync_v2");
        stream.Synchronize(_context); // pageable host memory: wait, so the span may change as soon as this returns
    }

    /// <summary>Copies from element <paramref name="offset"/> into <paramref name="host"/> after the work before it on <paramref name="stream"/>; waits for it.</summary>
    public void CopyToHost(Span<T> host, long offset, CudaStream stream)
    {
        Inside(offset, host.Length);
        _context.MakeCurrent();
        fixed (T* p = host)
            CudaCheck.Driver(_context.Api.cuMemcpyDtoHAsync_v2(p, DevicePointer + (ulong)(offset * sizeof(T)), (nuint)(host.Length * sizeof(T)), stream.Handle), "cuMemcpyDtoHAsync_v2");
        stream.Synchronize(_context);
    }

    /// <summary><see cref="CopyTo(CudaDeviceVariable{T}, long, long, long)"/> on <paramref name="stream"/> (ordered after its earlier work; not waited for).</summary>
    public void CopyTo(CudaDeviceVariable<T> target, long offset, long targetOffset, long count, CudaStream stream)
    {
        ArgumentNullException.ThrowIfNull(target);
        Inside(offset, count);
        target.Inside(targetOffset, count);
        _context.MakeCurrent();
        CudaCheck.Driver(_context.Api.cuMemcpyDtoDAsync_v2(target.DevicePointer + (ulong)(targetOffset * sizeof(T)),
            DevicePointer + (ulong)(offset * sizeof(T)), (nuint)(count * sizeof(T)), stream.Handle), "cuMemcpyDtoDAsync_v2");
    }

    /// <summary>The whole buffer copied to a new host array.</summary>
    public T[] ToArray()
    {
        var host = new T[Size];
        CopyToHost(host);
        return host;
    }

    /// <summary>Sets every byte of the buffer to <paramref name="value"/> (0 zeroes it).</summary>
    public void Memset(byte value)
    {
        _context.MakeCurrent();
        CudaCheck.Driver(_context.Api.cuMemsetD8_v2(DevicePointer, value, (nuint)SizeInBytes), "cuMemsetD8_v2");
    }

    /// <summary>
    /// Sets every byte to <paramref name="value"/> in order with the other work of <paramref name="stream"/> (the plain
    /// <see cref="Memset(byte)"/> is ordered on the legacy default stream only, which a non-blocking stream does not wait for).
    /// </summary>
    public void Memset(byte value, CudaStream stream)
    {
        _context.MakeCurrent();
        CudaCheck.Driver(_context.Api.cuMemsetD8Async(DevicePointer, value, (nuint)SizeInBytes, stream.Handle), "cuMemsetD8Async");
    }

    /// <summary>Frees the device memory (in the order of the allocating stream when it came from the pool).</summary>
    public void Dispose()
    {
        if (_pointer == 0) return;
        var pointer = _pointer;
        _pointer = 0;
        CudaCheck.Freeing(_context, () =>
        {
            if (_ordered is { } stream) CudaCheck.Driver(_context.Api.cuMemFreeAsync(pointer, stream.Handle), "cuMemFreeAsync");
            else CudaCheck.Driver(_context.Api.cuMemFree_v2(pointer), "cuMemFree_v2");
        });
    }

    private void Inside(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset + count > Size)
            throw new ArgumentOutOfRangeException(nameof(offset), $"elements [{offset}, {offset + count}) lie outside a device buffer of {Size}");
    }

    private void Fits(int length)
    {
        if (length > Size) throw new ArgumentException($"{length} elements do not fit a device buffer of {Size}");
    }
}
