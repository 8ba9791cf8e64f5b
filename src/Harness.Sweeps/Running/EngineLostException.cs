namespace Harness.Sweeps;

/// <summary>
/// The engine faulted in a way that leaves it unable to train anything more in this process (a GPU kernel fault: the
/// driver's sticky errors). The sweep stopped: the trials it was training are interrupted, the rest are still
/// pending, and running the same sweep again (a new process, a fresh device context) resumes it.
/// </summary>
public sealed class EngineLostException(string engine, Exception fault)
    : Exception($"the {engine} engine faulted and can train nothing more in this process: {fault.Message.Split('\n')[0].Trim()}. " +
        "The sweep stopped: the trials it was training are interrupted and the rest are still pending; " +
        "run the same command again to resume (a new process starts with a fresh device).", fault);
