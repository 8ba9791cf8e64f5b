using Harness.Store;

namespace Harness.Dashboard.Api;

/// <summary>
/// A trial page: every stored field, the per-epoch rows, the full configuration (indented JSON, the experiment's
/// dataset included) and the command that trains that configuration again.
/// </summary>
public sealed record TrialDetailDto(
    TrialRecord Trial, IReadOnlyList<string> ParamNames, IReadOnlyList<string?> Params, IReadOnlyList<EpochRecord> Epochs,
    string Config, string ConfigFile, string Command);
