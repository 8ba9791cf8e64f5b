namespace Harness.Engine.Cuda;

/// <summary>
/// The fused kernel's blocks the device holds at once (blocks per multiprocessor x multiprocessors), shared by the
/// engine's cohorts: cohorts trained at once (<c>sweep --parallel</c>) each plan their groups of blocks with an equal
/// <see cref="Share"/>, and a grouped (cooperative) launch reserves its blocks for as long as it runs, so grouped
/// launches run side by side while they fit together and wait for each other only when they would not. Thread-safe.
/// </summary>
public sealed class ResidentBlocks
{
    private readonly object _gate = new(); // a monitor: Reserve waits on it
    private int _cohorts, _reserved;

    /// <summary>A device that holds <paramref name="total"/> blocks of the kernel at once.</summary>
    public ResidentBlocks(int total)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        Total = total;
    }

    /// <summary>Blocks the device holds at once.</summary>
    public int Total { get; }

    /// <summary>The blocks one cohort plans with: the total split evenly over the cohorts that have joined (at least one).</summary>
    public int Share
    {
        get
        {
            lock (_gate) return Math.Max(1, Total / Math.Max(1, _cohorts));
        }
    }

    /// <summary>Blocks reserved by grouped launches running now.</summary>
    public int Reserved
    {
        get
        {
            lock (_gate) return _reserved;
        }
    }

    /// <summary>Counts a cohort in <see cref="Share"/> until the returned handle is disposed.</summary>
    public IDisposable Join()
    {
        lock (_gate) _cohorts++;
        return new Release(() =>
        {
            lock (_gate) _cohorts--;
        });
    }

    /// <summary>
    /// Reserves <paramref name="blocks"/> for a grouped launch until the returned handle is disposed, first waiting
    /// while other launches hold so many that these would not fit beside them (a launch larger than the device waits
    /// until it runs alone).
    /// </summary>
    public IDisposable Reserve(int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        lock (_gate)
        {
            while (_reserved > 0 && _reserved + blocks > Total) System.Threading.Monitor.Wait(_gate);
            _reserved += blocks;
        }
        return new Release(() =>
        {
            lock (_gate)
            {
                _reserved -= blocks;
                System.Threading.Monitor.PulseAll(_gate);
            }
        });
    }

    private sealed class Release(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
