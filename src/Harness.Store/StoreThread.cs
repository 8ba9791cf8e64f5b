using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Harness.Store;

/// <summary>
/// One background thread that runs a store's LiteDB transactions, one at a time. The caller waits for each, and
/// while it waits it can ask whether to give up: LiteDB 5 waits forever for a log write that failed (a full disk),
/// and a transaction stuck on this thread can then be abandoned instead of hanging the caller. An abandoned
/// transaction keeps this thread (and, in shared mode, the file's cross-process mutex) until the process ends; the
/// thread is a background thread, so it never keeps the process alive.
/// </summary>
internal sealed class StoreThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public StoreThread(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>True on the store thread itself (a body that calls the store again would wait for itself).</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs <paramref name="body"/> on the thread and returns its result (or rethrows its exception). When it has not
    /// finished after <paramref name="patience"/>, <paramref name="giveUp"/> is asked every <paramref name="poll"/>;
    /// the first exception it returns is thrown here and the body is left running.
    /// </summary>
    public T Run<T>(Func<T> body, TimeSpan patience, TimeSpan poll, Func<Exception?> giveUp)
    {
        // Always completed with a result (never faulted), so waiting on it never throws.
        var done = new TaskCompletionSource<(T Value, ExceptionDispatchInfo? Error)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { done.SetResult((body(), null)); }
            catch (Exception e) { done.SetResult((default!, ExceptionDispatchInfo.Capture(e))); }
        });
        var task = done.Task;
        if (!task.Wait(patience, CancellationToken.None))
        {
            while (!task.Wait(poll, CancellationToken.None))
                if (giveUp() is { } abandon) throw abandon;
        }
        var (value, error) = task.Result;
        error?.Throw();
        return value;
    }

    private void Loop()
    {
        foreach (var item in _work.GetConsumingEnumerable()) item();
    }

    /// <summary>Lets the thread finish the queued work and end; it is not waited for (it may be stuck in an abandoned call).</summary>
    public void Dispose() => _work.CompleteAdding();
}
