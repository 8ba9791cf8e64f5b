namespace Harness.Dashboard.Api;

/// <summary>An experiment version with its specification (the experiment file as stored, indented).</summary>
public sealed record ExperimentDetailDto(ExperimentSummaryDto Summary, string Spec);
