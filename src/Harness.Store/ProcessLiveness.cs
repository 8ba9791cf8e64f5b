using System.Diagnostics;

namespace Harness.Store;

/// <summary>Answers "is the process that claimed this trial still the one running?" for the local host.</summary>
internal static class ProcessLiveness
{
    /// <summary>
    /// Process start times read back from the OS wander a little (Linux derives them from boot time and
    /// clock ticks); two readings of one process agree far better than this.
    /// </summary>
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(2);

    /// <summary>
    /// True when a process with this pid exists, is not a zombie, and (when <paramref name="startUtc"/> is
    /// known) started at that time — otherwise the pid was recycled by an unrelated process.
    /// </summary>
    public static bool IsAlive(int pid, DateTime? startUtc)
    {
        if (pid <= 0) return false;
        if (OperatingSystem.IsLinux() && IsLinuxZombieOrGone(pid)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited) return false;
            if (startUtc is { } expected)
            {
                DateTime actual;
                try { actual = process.StartTime.ToUniversalTime(); }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    return true; // cannot tell: assume it is the claimant, the heartbeat rule still applies
                }
                if ((actual - expected).Duration() > StartTolerance) return false;
            }
            return true;
        }
        catch (ArgumentException) { return false; }          // no such process
        catch (InvalidOperationException) { return false; }  // exited while we looked
    }

    /// <summary>/proc/PID/stat holds "pid (comm) S ...": state Z (zombie) or X (dead) means gone.</summary>
    private static bool IsLinuxZombieOrGone(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return true; }
        catch (UnauthorizedAccessException) { return false; }
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length) return false;
        var state = stat[close + 2];
        return state is 'Z' or 'X' or 'x';
    }
}
