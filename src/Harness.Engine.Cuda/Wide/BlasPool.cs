using Harness.Cuda;

namespace Harness.Engine.Cuda;

/// <summary>
/// The engine's cuBLAS handles, each with a workspace of its own, lent to wide cohorts and kept between them:
/// cublasDestroy waits for the whole device (every cohort's work in flight), so a sweep that made and destroyed a
/// handle per cohort would stall the cohorts training beside it each time one ended. Handles are destroyed with the
/// engine; as many exist as wide cohorts ever trained at once.
/// </summary>
internal sealed class BlasPool(CudaContext context) : IDisposable
{
    /// <summary>cuBLAS workspace per handle (NVIDIA suggests 32 MiB on Hopper).</summary>
    private const long WorkspaceBytes = 32L << 20;

    private readonly Stack<Entry> _idle = new();
    private readonly List<Entry> _all = [];
    private bool _disposed;

    /// <summary>A handle on <paramref name="stream"/> with its own workspace (captured GEMMs allocate nothing) and <paramref name="mathMode"/>.</summary>
    public Lease Rent(CudaStream stream, BlasMathMode mathMode)
    {
        Entry entry;
        lock (_idle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_idle.TryPop(out entry!)) _all.Add(entry = Create());
        }
        try
        {
            entry.Blas.SetStream(stream); // resets the workspace: set it again after
            entry.Blas.SetWorkspace(entry.Workspace);
            entry.Blas.SetMathMode(mathMode);
        }
        catch
        {
            Return(entry);
            throw;
        }
        return new Lease(this, entry);
    }

    public void Dispose()
    {
        lock (_idle)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var e in _all)
            {
                e.Blas.Dispose();
                e.Workspace.Dispose();
            }
            _all.Clear();
            _idle.Clear();
        }
    }

    private Entry Create()
    {
        var blas = new CudaBlas(context);
        try
        {
            return new Entry(blas, new CudaDeviceVariable<byte>(context, WorkspaceBytes));
        }
        catch
        {
            blas.Dispose();
            throw;
        }
    }

    private void Return(Entry entry)
    {
        lock (_idle)
        {
            if (!_disposed) _idle.Push(entry);
        }
    }

    internal sealed record Entry(CudaBlas Blas, CudaDeviceVariable<byte> Workspace);

    /// <summary>A lent handle; disposing it gives the handle back (after the work issued through it is done).</summary>
    public sealed class Lease : IDisposable
    {
        private readonly BlasPool _pool;
        private Entry? _entry;

        internal Lease(BlasPool pool, Entry entry) => (_pool, _entry) = (pool, entry);

        public CudaBlas Blas => (_entry ?? throw new ObjectDisposedException(nameof(Lease))).Blas;

        public void Dispose()
        {
            if (_entry is null) return;
            _pool.Return(_entry);
            _entry = null;
        }
    }
}
