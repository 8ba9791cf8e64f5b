namespace Harness.Dashboard.Api;

/// <summary>An experiment version for the list and compare pages: counts by state, best accuracies and the best trial.</summary>
public sealed record ExperimentSummaryDto(
    string Name, int Version, IReadOnlyList<int> Versions, DateTime CreatedUtc, string? Description, string Stamp, int Trials,
    IReadOnlyDictionary<string, int> Counts, double? BestValidationAccuracy, double? BestTestAccuracy, TrialRowDto? Best,
    IReadOnlyList<string> ParamNames, DateTime? LastActivityUtc);
