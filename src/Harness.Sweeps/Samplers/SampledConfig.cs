namespace Harness.Sweeps;

/// <summary>
/// One configuration a sampler proposes. <paramref name="Key"/> identifies it stably across resumes.
/// <paramref name="Params"/> are the searched dimensions as the user named them (depth, width, knobs) and the
/// resulting <c>hidden</c> list, each as compact JSON text; <paramref name="Assignments"/> are the knob values
/// to set on the base config (depth/width already turned into <c>hidden</c>).
/// </summary>
public sealed record SampledConfig(
    string Key,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Assignments);
