namespace Harness.Engine;

/// <summary>A piece of work split into contiguous index ranges.</summary>
internal interface IRangeJob
{
    void Run(int start, int end);
}

/// <summary>
/// A fixed set of background threads that run one <see cref="IRangeJob"/> at a time, split into contiguous
/// ranges of [0, total). The caller runs the first range itself. Splitting depends only on the thread count
/// and the caller's grain, and jobs partition output elements, so results never depend on the split.
/// No allocation per call.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly ManualResetEventSlim _done = new(false);
    private IRangeJob? _job;
    private int _total, _parts, _pending, _align = 1;
    private volatile bool _disposed;
    private Exception? _error;

    public WorkerPool(int threads)
    {
        Threads = Math.Max(1, threads);
        _threads = new Thread[Threads - 1];
        _start = new SemaphoreSlim[Threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int part = i + 1;
            _start[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Loop(part)) { IsBackground = true, Name = $"harness-engine-{part}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads used (the caller's included).</summary>
    public int Threads { get; }

    /// <summary>Resolves a configured thread count: 0 = all cores.</summary>
    public static int Resolve(int configured) => configured > 0 ? configured : Environment.ProcessorCount;

    /// <summary>
    /// Runs <paramref name="job"/> over [0, total), using at most total/minPerPart parts; inner range boundaries
    /// are multiples of <paramref name="align"/> (so blocked kernels see whole blocks).
    /// </summary>
    public void Run(IRangeJob job, int total, int minPerPart, int align = 1)
    {
        _align = Math.Max(1, align);
        int parts = Math.Min(Threads, Math.Max(1, total / Math.Max(1, minPerPart)));
        if (parts <= 1) { job.Run(0, total); return; }
        _job = job; _total = total; _parts = parts; _error = null;
        _pending = parts - 1;
        _done.Reset();
        for (int p = 1; p < parts; p++) _start[p - 1].Release();
        try { RunPart(0); }
        finally { _done.Wait(); _job = null; }
        if (_error is { } e) throw new AggregateException(e);
    }

    private void RunPart(int part)
    {
        _job!.Run(Boundary(part), Boundary(part + 1));
    }

    private int Boundary(int part) =>
        part == 0 ? 0 : part >= _parts ? _total : (int)((long)_total * part / _parts) / _align * _align;

    private void Loop(int part)
    {
        while (true)
        {
            _start[part - 1].Wait();
            if (_disposed) return;
            try { RunPart(part); }
            catch (Exception e) { _error = e; }
            finally { if (Interlocked.Decrement(ref _pending) == 0) _done.Set(); }
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _start) s.Release();
    }
}
