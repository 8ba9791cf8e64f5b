using LiteDB;

namespace Harness.Store;

/// <summary>
/// Runs a store's calls as LiteDB transactions: one at a time (a process-wide lock), each on the store's own
/// thread (<see cref="StoreThread"/>), and with the guards a file on a full disk needs. LiteDB 5 does not report a
/// log write that fails for lack of space: its writer task dies, and the next close waits forever
/// (DiskWriterQueue.Wait) while holding the file's cross-process mutex, or the commit returns as if it had been
/// written. So, for a store file:
/// <list type="bullet">
/// <item>a write starts only when the volume has <see cref="MinimumFreeBytes"/> plus twice the call's payload
/// free (the payload lands in the log, then in the data file);</item>
/// <item>a call that has not finished after <see cref="Patience"/> while the volume has less than
/// <see cref="FullBytes"/> free is abandoned; the store is then unusable (every call throws the same error)
/// until the process ends, which releases the mutex for other processes;</item>
/// <item>a write after which less than <see cref="FullBytes"/> is free, or that fails with a disk-full
/// <see cref="IOException"/>, is reported as well: it may not have reached the disk.</item>
/// </list>
/// Each of these throws <see cref="StoreDiskFullException"/>. Reads need no free space.
/// </summary>
internal sealed class LiteDbTransactions : IDisposable
{
    private readonly LiteDatabase _db;
    private readonly string _location;
    private readonly bool _onFile;
    private readonly bool _readOnly;
    private readonly object _owner;
    private readonly Lock _gate = new();
    private readonly StoreThread _thread = new("harness-store");
    private StoreDiskFullException? _broken;
    private bool _disposed;

    /// <param name="db">The database; disposed with this object.</param>
    /// <param name="location">The store file's full path (or ":memory:"), for messages and free-space checks.</param>
    /// <param name="onFile">False for a memory stream: no free-space checks.</param>
    /// <param name="readOnly">Writes are refused.</param>
    /// <param name="owner">The store, named by <see cref="ObjectDisposedException"/>.</param>
    public LiteDbTransactions(LiteDatabase db, string location, bool onFile, bool readOnly, object owner) =>
        (_db, _location, _onFile, _readOnly, _owner) = (db, location, onFile, readOnly, owner);

    /// <summary>Whether a write first checks the free space; tests turn it off to reach LiteDB's own failure.</summary>
    public bool CheckRoomBeforeWrites { get; set; } = true;

    /// <summary>Free space a write needs besides twice its payload.</summary>
    public long MinimumFreeBytes { get; set; } = 512 * 1024;

    /// <summary>Below this much free space the volume counts as full.</summary>
    public long FullBytes { get; set; } = 64 * 1024;

    /// <summary>How long a call runs before a full volume makes it count as stuck.</summary>
    public TimeSpan Patience { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a call that runs longer than <see cref="Patience"/> looks at the free space again.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A transaction that only reads.</summary>
    public T Read<T>(Func<T> body) => Run(body, write: false, payload: 0);

    /// <summary>A transaction that writes about <paramref name="payload"/> bytes besides a few pages.</summary>
    public T Write<T>(Func<T> body, long payload = 0) => Run(body, write: true, payload);

    private T Run<T>(Func<T> body, bool write, long payload)
    {
        // LiteDB 5 shared mode mishandles a nested BeginTrans; here a nested call would also wait for itself.
        if (_thread.IsCurrent) throw new InvalidOperationException("store calls must not nest");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, _owner);
            if (_broken is { } broken) throw new StoreDiskFullException(broken.Path, broken.Detail);
            if (write && _readOnly) throw new InvalidOperationException($"store '{_location}' is open read-only; it cannot be written");
            if (write && CheckRoomBeforeWrites) RequireRoom(payload);
            T result;
            try
            {
                result = _thread.Run(() => InTransaction(body), Patience, Poll, Stuck);
            }
            catch (Exception e) when (write && _onFile && e is not StoreDiskFullException && IsDiskFull(e))
            {
                throw new StoreDiskFullException(_location, $"the write failed: {e.Message}", e);
            }
            if (write) RequireRoomLeft();
            return result;
        }
    }

    /// <summary>BeginTrans, body, Commit (Rollback when the body throws), all on the store thread: the shared-mode mutex is thread-affine.</summary>
    private T InTransaction<T>(Func<T> body)
    {
        if (!_db.BeginTrans())
            throw new InvalidOperationException($"store '{_location}': LiteDB did not start a transaction");
        T result;
        try
        {
            result = body();
        }
        catch
        {
            try { _db.Rollback(); }
            catch (LiteException) { /* the original error matters more; the engine dropped the transaction */ }
            throw;
        }
        if (!_db.Commit())
            throw new InvalidOperationException($"store '{_location}': LiteDB lost the transaction before commit");
        return result;
    }

    private long? Free() => _onFile ? VolumeSpace.Available(_location) : null;

    private void RequireRoom(long payload)
    {
        if (Free() is not { } free) return;
        long need = MinimumFreeBytes + 2 * payload;
        if (free < need)
            throw new StoreDiskFullException(_location,
                $"{VolumeSpace.Describe(free)} free on its volume, and a write needs at least {VolumeSpace.Describe(need)}; nothing was written");
    }

    private void RequireRoomLeft()
    {
        if (Free() is { } free && free < FullBytes)
            throw new StoreDiskFullException(_location,
                $"only {VolumeSpace.Describe(free)} is left on its volume after a write, which may not have reached the disk");
    }

    /// <summary>Asked while a call runs long: the error that abandons it when the volume is full, else null.</summary>
    private StoreDiskFullException? Stuck()
    {
        if (Free() is not { } free || free >= FullBytes) return null;
        _broken = new StoreDiskFullException(_location,
            $"a store call did not finish and its volume has {VolumeSpace.Describe(free)} free; the call was abandoned " +
            "(LiteDB waits forever for a log write that failed) and nothing more is written by this process");
        return _broken;
    }

    /// <summary>True for an IOException (possibly wrapped) that says the disk is full: ENOSPC, or ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL.</summary>
    private static bool IsDiskFull(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is not IOException io) continue;
            int code = io.HResult & 0xFFFF;
            if (OperatingSystem.IsWindows() ? code is 0x27 or 0x70 : code == 28) return true;
        }
        return false;
    }

    /// <summary>Closes the database; after an abandoned call it leaves LiteDB alone (its thread is stuck in it).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (_broken is null) _thread.Run(() => { _db.Dispose(); return 0; }, Patience, Poll, Stuck);
            }
            catch (StoreDiskFullException) { /* closing got stuck as well; the process end releases the file */ }
            finally
            {
                _thread.Dispose();
            }
        }
    }
}
