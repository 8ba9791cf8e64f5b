namespace Harness.Dashboard.Api;

/// <summary>One trial's learning curve: validation (and training) accuracy and loss per epoch.</summary>
public sealed record CurveDto(
    long Id, int Number, string State, IReadOnlyList<string?> Params, IReadOnlyList<int> Epochs,
    IReadOnlyList<double?> ValidationAccuracy, IReadOnlyList<double?> TrainAccuracy,
    IReadOnlyList<double?> ValidationLoss, IReadOnlyList<double?> TrainLoss);
