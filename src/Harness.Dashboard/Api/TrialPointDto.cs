namespace Harness.Dashboard.Api;

/// <summary>One trial as a point of the plots (history, parallel coordinates, accuracy against a parameter).</summary>
public sealed record TrialPointDto(
    long Id, int Number, string State, IReadOnlyList<string?> Params, double? ValidationAccuracy, double? TestAccuracy, int Seed);
