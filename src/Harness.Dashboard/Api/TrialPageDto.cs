namespace Harness.Dashboard.Api;

/// <summary>
/// One page of an experiment's trial table after filtering and sorting on the server. Total: every trial; Matched:
/// those the filter kept; Rows: Matched from Offset, at most Limit. Stamp changes whenever any trial does.
/// </summary>
public sealed record TrialPageDto(
    string Experiment, int Version, string Stamp, int Total, int Matched, int Offset, int Limit, string Sort, bool Descending,
    IReadOnlyList<string> ParamNames, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<TrialRowDto> Rows);
