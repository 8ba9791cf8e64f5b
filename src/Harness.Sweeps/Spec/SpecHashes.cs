using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Picks the spec hash a sweep opens its experiment with. Normally <see cref="ExperimentSpec.Hash"/>. But a
/// version stored by an older Harness was hashed with its repeats and random-search trials in the hash
/// (<see cref="ExperimentSpec.LegacyHash"/>); when the latest stored version is such a one and its stored spec
/// differs from this spec only in those counts, the stored hash is returned so the sweep continues that version
/// (growing it) instead of being refused as a changed spec.
/// </summary>
public static class SpecHashes
{
    /// <summary>The hash to pass to <see cref="IExperimentStore.OpenExperiment"/> for <paramref name="spec"/>.</summary>
    public static string For(IExperimentStore store, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        return For(store.GetExperiment(spec.Name), spec);
    }

    /// <summary>The hash for <paramref name="spec"/> when <paramref name="latest"/> (null: none) is the latest stored version of its name.</summary>
    public static string For(ExperimentRecord? latest, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hash = spec.Hash();
        if (latest is null || latest.SpecHash == hash) return hash;
        return IsLegacyVersionOf(latest, spec) ? latest.SpecHash : hash;
    }

    /// <summary>
    /// True when <paramref name="stored"/> was hashed the old way (its stored spec's <see cref="ExperimentSpec.LegacyHash"/>
    /// is its hash) and its spec equals <paramref name="spec"/> but for repeats and trials.
    /// </summary>
    public static bool IsLegacyVersionOf(ExperimentRecord stored, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(spec);
        return ExperimentFile.ParseStored(stored) is { } old && old.LegacyHash() == stored.SpecHash && old.Hash() == spec.Hash();
    }
}
