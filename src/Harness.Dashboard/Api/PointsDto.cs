namespace Harness.Dashboard.Api;

/// <summary>Every trial of an experiment version as plot points; ParamNumeric says which parameters get numeric axes.</summary>
public sealed record PointsDto(
    string Experiment, int Version, string Stamp, IReadOnlyList<string> ParamNames, IReadOnlyList<bool> ParamNumeric,
    IReadOnlyList<TrialPointDto> Points);
