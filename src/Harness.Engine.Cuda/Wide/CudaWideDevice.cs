using Harness.Cuda;

namespace Harness.Engine.Cuda;

/// <summary>
/// The wide path on the GPU: a stream of its own (so a step can be captured as a CUDA graph, and cohorts trained at
/// once overlap), a cuBLAS handle lent by the engine's <see cref="BlasPool"/> on it with a workspace of its own (captured
/// GEMMs allocate nothing) and the math mode asked for, the wide kernels of the engine's module, and the buffers
/// (stream-ordered: freeing them waits for no other cohort) and graphs it made, freed with it. The stream is
/// non-blocking (work on the legacy default stream elsewhere in the process cannot break a capture), so everything the
/// cohort needs is issued to it, and data uploaded on the legacy stream is complete before (<see cref="CudaData"/>).
/// </summary>
internal sealed class CudaWideDevice : IWideDevice
{
    private readonly CudaContext _context;
    private readonly CudaModule _module;
    private readonly CudaStream _stream;
    private readonly BlasPool.Lease? _blas;
    private readonly Dictionary<string, CudaKernel> _kernels = [];
    private readonly Dictionary<ulong, IDisposable> _buffers = [];
    private readonly List<CudaGraph> _graphs = [];

    public CudaWideDevice(CudaContext context, CudaModule module, BlasPool blas, BlasMathMode mathMode)
    {
        _context = context;
        _module = module;
        _stream = CudaStream.Create(context);
        try
        {
            _blas = blas.Rent(_stream, mathMode);
            foreach (var name in WideCohort.Kernels) _kernels[name] = module.GetKernel(name); // resolved before any capture
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public long FreeBytes => _context.MemoryInfo().Free;

    public DeviceArray<T> Allocate<T>(long count) where T : unmanaged
    {
        var buffer = Own(new CudaDeviceVariable<T>(_context, Math.Max(1, count), _stream));
        buffer.Memset(0, _stream); // on this stream: it does not wait for the legacy stream
        return new DeviceArray<T>(buffer.DevicePointer, count);
    }

    public void Upload<T>(DeviceArray<T> to, ReadOnlySpan<T> values, long at = 0) where T : unmanaged =>
        Buffer(to).CopyToDevice(values, at, _stream);

    public void Download<T>(DeviceArray<T> from, Span<T> values, long at = 0) where T : unmanaged
    {
        Buffer(from).CopyToHost(values, at, _stream);
        Synchronize();
    }

    public void Copy<T>(DeviceArray<T> from, long fromAt, DeviceArray<T> to, long toAt, long count) where T : unmanaged =>
        Buffer(from).CopyTo(Buffer(to), fromAt, toAt, count, _stream);

    public void Launch(string kernel, long threads, params object[] args)
    {
        if (threads <= 0) return;
        if (!_kernels.TryGetValue(kernel, out var k)) _kernels[kernel] = k = _module.GetKernel(kernel);
        k.BlockDimensions = WideCohort.ThreadsPerBlock;
        k.GridDimensions = new Dim3(checked((uint)((threads + WideCohort.ThreadsPerBlock - 1) / WideCohort.ThreadsPerBlock)));
        k.Stream = _stream;
        k.Run(args);
    }

    public void Gemm(in StridedGemm g) =>
        _blas!.Blas.SgemmStridedBatched(g.TransA, g.TransB, g.M, g.N, g.K, 1f, g.A, g.Lda, g.StrideA, g.B, g.Ldb, g.StrideB, 0f,
            g.C, g.Ldc, g.StrideC, g.Batch);

    public Action Record(Action issue)
    {
        var graph = CudaGraph.Capture(_context, _stream, issue);
        _graphs.Add(graph);
        return () => graph.Launch(_stream);
    }

    public void Synchronize() => _stream.Synchronize(_context);

    public void Dispose()
    {
        if (_stream.Handle != 0)
        {
            try { Synchronize(); }
            catch (CudaException) { } // a faulted stream: free what can be freed
        }
        foreach (var g in _graphs) g.Dispose();
        _graphs.Clear();
        _blas?.Dispose();
        foreach (var b in _buffers.Values) b.Dispose();
        _buffers.Clear();
        if (_stream.Handle != 0) _stream.Destroy(_context);
    }

    private CudaDeviceVariable<T> Own<T>(CudaDeviceVariable<T> buffer) where T : unmanaged
    {
        _buffers[buffer.DevicePointer] = buffer;
        return buffer;
    }

    private CudaDeviceVariable<T> Buffer<T>(DeviceArray<T> array) where T : unmanaged =>
        _buffers.TryGetValue(array.Pointer, out var b) && b is CudaDeviceVariable<T> v ? v
            : throw new ArgumentException("the array was not allocated by this device", nameof(array));
}
