using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// Trains one trial. The real implementation (<see cref="EngineTrialExecutor"/>) calls the engine; tests pass a
/// fake. An executor calls <see cref="TrialRequest.OnEpoch"/> after every epoch and stops (as pruned) when it
/// returns false, and stops promptly (as cancelled) when <see cref="TrialRequest.CancellationToken"/> fires.
/// An exception means the trial failed; the runner records its message and goes on with the next trial.
/// </summary>
public interface ITrialExecutor
{
    TrialExecution Execute(TrialRequest request);
}

/// <summary>What to train and the hooks to report through.</summary>
public sealed record TrialRequest(
    TrainConfig Config,
    Func<EpochMetrics, bool> OnEpoch,
    CancellationToken CancellationToken,
    Action<string>? Log = null);

/// <summary>
/// The result of one trial. <paramref name="BestEpoch"/> is 1-based (0 = none); the test metrics are those of
/// the returned model (the best epoch's when early stopping restored it); <paramref name="Model"/> is its file bytes.
/// </summary>
public sealed record TrialExecution(
    IReadOnlyList<EpochMetrics> History,
    int BestEpoch,
    StopReason StopReason,
    double Seconds,
    double? TestAccuracy,
    double? TestLoss,
    byte[]? Model);
