using System.Diagnostics;

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
/// <para>
/// A training step hands out a job every few tens of µs. A thread that blocked in between (the semaphores this pool
/// used to wait on spin only briefly) wakes too late on the 2-core build machine, a virtual machine: with ~110 µs of
/// serial work between products, [784,100] at batch 64 took 416 µs per forward and backward pair on 2 threads
/// against 437 on one (339 now). So a worker spins for <see cref="SpinTime"/> after its job before it blocks, and
/// the caller spins the same while its workers finish; only an idle pool sleeps. A blocked side leaves a flag naming
/// the ticket (worker) or job (caller) it waits for; each side writes its flag or ticket, then reads the other's,
/// behind a full fence, so no wake-up is lost, and a wake that comes late cannot release the next wait.
/// </para>
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    /// <summary>How long an idle thread spins for the next handoff before it blocks.</summary>
    internal static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(0.2);

    private const int Stride = 16; // longs per slot: 128 bytes, so workers' slots share no cache line
    private readonly long _spinTicks;
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly long[] _tickets;  // [p·Stride]: worker p's jobs handed out; [p·Stride + 1]: the one it blocks for (0: none)
    private readonly SemaphoreSlim _done = new(0);
    private IRangeJob? _job;
    private int _total, _parts, _pending, _align = 1;
    private long _jobs, _callerAsleep; // jobs handed out; the job the caller blocks on (0: none)
    private volatile bool _disposed;
    private Exception? _error;

    /// <param name="threads">Threads, the caller's included.</param>
    /// <param name="spin">How long idle threads spin before they block (default <see cref="SpinTime"/>).</param>
    public WorkerPool(int threads, TimeSpan? spin = null)
    {
        Threads = Math.Max(1, threads);
        _spinTicks = (long)((spin ?? SpinTime).TotalSeconds * Stopwatch.Frequency);
        _threads = new Thread[Threads - 1];
        _wake = new SemaphoreSlim[Threads];
        _tickets = new long[Threads * Stride];
        for (int i = 0; i < _threads.Length; i++)
        {
            int part = i + 1;
            _wake[part] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Loop(part)) { IsBackground = true, Name = $"harness-engine-{part}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads used (the caller's included).</summary>
    public int Threads { get; }

    /// <summary>Whether any of the background threads still runs (they end soon after <see cref="Dispose"/>).</summary>
    internal bool WorkersAlive => _threads.Any(t => t.IsAlive);

    /// <summary>Resolves a configured thread count: 0 = all cores.</summary>
    public static int Resolve(int configured) => configured > 0 ? configured : Environment.ProcessorCount;

    /// <summary>
    /// Runs <paramref name="job"/> over [0, total), using at most total/minPerPart parts; inner range boundaries
    /// are multiples of <paramref name="align"/> (so blocked kernels see whole blocks).
    /// </summary>
    public void Run(IRangeJob job, int total, int minPerPart, int align = 1)
    {
        int parts = Math.Min(Threads, Math.Max(1, total / Math.Max(1, minPerPart)));
        if (parts <= 1) { job.Run(0, total); return; }
        ObjectDisposedException.ThrowIf(_disposed, this);
        _job = job; _total = total; _parts = parts; _align = Math.Max(1, align); _error = null;
        _pending = parts - 1;
        _jobs++;
        for (int p = 1; p < parts; p++) Volatile.Write(ref _tickets[p * Stride], _tickets[p * Stride] + 1);
        Interlocked.MemoryBarrier();
        for (int p = 1; p < parts; p++) Wake(p);
        try { RunPart(0); }
        finally { AwaitWorkers(); _job = null; }
        if (_error is { } e) throw new AggregateException(e);
    }

    private void RunPart(int part) => _job!.Run(Boundary(part), Boundary(part + 1));

    private int Boundary(int part) =>
        part == 0 ? 0 : part >= _parts ? _total : (int)((long)_total * part / _parts) / _align * _align;

    // Releases worker p if it blocks (or is about to) for its ticket just published: whichever side clears the flag
    // first owns the handoff. The flag names the ticket, so a Wake that comes late cannot release the worker's next wait.
    private void Wake(int p)
    {
        long ticket = _tickets[p * Stride];
        ref long asleep = ref _tickets[p * Stride + 1];
        if (Volatile.Read(ref asleep) == ticket && Interlocked.CompareExchange(ref asleep, 0, ticket) == ticket) _wake[p].Release();
    }

    private void Loop(int part)
    {
        long seen = 0;
        while (true)
        {
            seen = AwaitTicket(part, seen);
            if (_disposed) return;
            long job = _jobs; // read before the decrement: after it, the caller may have started the next job
            try { RunPart(part); }
            catch (Exception e) { _error = e; }
            finally
            {
                // Only the caller asleep on this very job is released, never one that already waits on the next.
                if (Interlocked.Decrement(ref _pending) == 0 && Interlocked.CompareExchange(ref _callerAsleep, 0, job) == job)
                    _done.Release();
            }
        }
    }

    // Worker p's next ticket after `seen`: spins for SpinTime, then blocks on its semaphore.
    private long AwaitTicket(int p, long seen)
    {
        ref long ticket = ref _tickets[p * Stride];
        ref long asleep = ref _tickets[p * Stride + 1];
        long start = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (Volatile.Read(ref ticket) == seen)
        {
            if (_disposed || Stopwatch.GetTimestamp() - start > _spinTicks)
            {
                Interlocked.Exchange(ref asleep, seen + 1);
                // A ticket that came meanwhile: if the caller cleared the flag first, it released the semaphore too.
                if (Volatile.Read(ref ticket) == seen || Interlocked.CompareExchange(ref asleep, 0, seen + 1) != seen + 1) _wake[p].Wait();
                break;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
        return Volatile.Read(ref ticket);
    }

    // Spins for SpinTime while workers still run, then blocks until the last one releases it.
    private void AwaitWorkers()
    {
        long start = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() - start > _spinTicks)
            {
                Interlocked.Exchange(ref _callerAsleep, _jobs);
                if (Volatile.Read(ref _pending) != 0 || Interlocked.CompareExchange(ref _callerAsleep, 0, _jobs) != _jobs) _done.Wait();
                return;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int p = 1; p < Threads; p++) Volatile.Write(ref _tickets[p * Stride], _tickets[p * Stride] + 1);
        Interlocked.MemoryBarrier();
        for (int p = 1; p < Threads; p++) Wake(p);
    }
}
