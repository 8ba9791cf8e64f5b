using System.Runtime.InteropServices;

namespace Harness.Cli;

/// <summary>
/// Turns the first Ctrl+C or SIGTERM (`kill PID`, `scancel`, a Slurm time limit, `docker stop`, a pod's eviction) into a
/// cancellation, so that training stops between batches and a sweep marks its trials in flight interrupted (any worker
/// may claim them at once and go on from their checkpoints) before it exits 130. A second one ends the process at
/// once, as the signal would have; the store survives that too.
/// </summary>
internal sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration _terminate;

    /// <summary>Listens from now until disposed; <paramref name="outer"/> cancels the token as well.</summary>
    public StopRequest(CancellationToken outer = default)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancelKey;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first stop request.</summary>
    public CancellationToken Token => _cts.Token;

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Stop();

    private void OnSignal(PosixSignalContext context) => context.Cancel = Stop();

    /// <summary>True for the first request (handled: the process goes on to stop by itself), false after it.</summary>
    private bool Stop()
    {
        if (_cts.IsCancellationRequested) return false;
        _cts.Cancel();
        return true;
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKey;
        _terminate.Dispose();
        _cts.Dispose();
    }
}
