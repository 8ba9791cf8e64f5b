namespace Harness.Baselines;

/// <summary>Accuracy of one ML.NET trainer on the validation and test splits, and its training time.</summary>
public sealed record BaselineResult(
    BaselineTrainer Trainer,
    double ValidationAccuracy,
    double ValidationLogLoss,
    double TestAccuracy,
    double TestLogLoss,
    double Seconds);
