using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Progress of a sweep, for the CLI's display. Called from the runner's worker threads (several at once with
/// --parallel), so implementations must be thread-safe. Every method has a do-nothing default.
/// </summary>
public interface ISweepObserver
{
    /// <summary>The plan is known: <paramref name="total"/> trials, <paramref name="finished"/> of them already finished.</summary>
    void SweepStarted(ExperimentRecord experiment, int total, int finished) { }
    void TrialStarted(TrialRecord trial) { }
    void EpochFinished(TrialRecord trial, EpochMetrics epoch) { }
    void TrialFinished(TrialRecord trial, TrialOutcome outcome) { }
    void Message(string line) { }
}

/// <summary>Observes nothing.</summary>
public sealed class NullSweepObserver : ISweepObserver
{
    public static NullSweepObserver Instance { get; } = new();
}
