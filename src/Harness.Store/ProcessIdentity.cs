using System.Diagnostics;

namespace Harness.Store;

/// <summary>
/// Who runs a trial: host name, process id and that process's start time. The start time tells a live
/// process apart from a later one that was given the same (recycled) pid.
/// </summary>
internal sealed record ProcessIdentity(string Host, int ProcessId, DateTime ProcessStartUtc)
{
    /// <summary>This process.</summary>
    public static ProcessIdentity Current { get; } = CreateCurrent();

    private static ProcessIdentity CreateCurrent()
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessIdentity(Environment.MachineName, Environment.ProcessId,
            StoreClock.Truncate(self.StartTime.ToUniversalTime()));
    }
}
