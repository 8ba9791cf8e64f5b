namespace Harness.Reports.Importance;

/// <summary>
/// One parameter's importance: <paramref name="Share"/> is its Pearson divergence over the sum of every
/// parameter's (the shares add up to 1); <paramref name="Divergence"/> is the raw value.
/// </summary>
public sealed record ParameterImportance(string Parameter, double Share, double Divergence);
