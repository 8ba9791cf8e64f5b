namespace Harness.Dashboard.Api;

/// <summary>Learning curves of an experiment's best finished trials and of the trials running now.</summary>
public sealed record CurvesDto(string Experiment, int Version, string Stamp, IReadOnlyList<string> ParamNames, IReadOnlyList<CurveDto> Curves);
