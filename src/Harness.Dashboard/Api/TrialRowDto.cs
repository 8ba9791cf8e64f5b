namespace Harness.Dashboard.Api;

/// <summary>One row of the trial table. Params follow the page's ParamNames.</summary>
public sealed record TrialRowDto(
    long Id, int Number, string State, IReadOnlyList<string?> Params, double? ValidationAccuracy, double? TestAccuracy,
    double? ValidationLoss, int? BestEpoch, int EpochsRun, double? Seconds, int Seed, string? Host, string? Error);
