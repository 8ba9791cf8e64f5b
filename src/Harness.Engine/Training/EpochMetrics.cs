namespace Harness.Engine;

/// <summary>
/// One row of training history. Epoch is 1-based. Accuracies are fractions in [0,1] (NaN for regression).
/// Seconds is the wall time of this epoch, evaluation included.
/// </summary>
public readonly record struct EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds);
