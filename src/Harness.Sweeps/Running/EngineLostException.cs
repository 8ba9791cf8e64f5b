namespace Harness.Sweeps;

/// <summary>
/// The engine faulted in a way that leaves it unable to train anything more in this process (a GPU kernel fault: the
/// driver's sticky errors). The sweep stopped: the trials it was training are interrupted, the rest are still
/// pending, and running the same sweep again (a new process, a fresh device context) resumes it.
/// </summary>
public sealed class EngineLostException(string engine, Exception fault)
    : Exception($"the {engine} engine faulted and can train nothing more in this process: {FirstLine(fault)}. " +
        "The sweep stopped: the trials it was training are interrupted and the rest are still pending; " +
        "run the same command again to resume (a new process starts with a fresh device).", fault)
{
    /// <summary>The fault in one line (its message's first), as the interrupted trials record it.</summary>
    public string Fault { get; } = FirstLine(fault);

    private static string FirstLine(Exception fault) => fault.Message.Split('\n')[0].Trim();
}
