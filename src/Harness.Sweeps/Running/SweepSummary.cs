using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// How a sweep run ended: the experiment version it used, how many trials this process ran, and the state of
/// every trial of the version afterwards. <see cref="Interrupted"/> is true when cancellation stopped it;
/// <see cref="FailedHere"/> counts the trials this run ended as failed (an exception in training).
/// </summary>
public sealed record SweepSummary(
    ExperimentRecord Experiment,
    int Planned,
    int RanHere,
    IReadOnlyDictionary<TrialState, int> States,
    bool Interrupted,
    int FailedHere)
{
    public int Count(TrialState state) => States.TryGetValue(state, out var n) ? n : 0;
}
