using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// What a sweep of a spec would do against a store, found by reading alone (`sweep --dry-run`): the version it would
/// train into, the trials it would plan, numbered as <see cref="SweepRunner"/> numbers them, each as the store holds it
/// (pending for a trial not yet stored), and how the ones left to train group into cohorts. Nothing is written.
/// </summary>
public sealed record SweepPreview
{
    /// <summary>The latest stored version of the experiment's name, or null when the store has none (or there is no store).</summary>
    public ExperimentRecord? Latest { get; init; }
    /// <summary>The version a sweep would train into: the latest when its spec matches, else a new one.</summary>
    public required int Version { get; init; }
    /// <summary>True when the latest stored version has another spec, so a sweep needs --new-version.</summary>
    public bool NeedsNewVersion { get; init; }
    /// <summary>The planned trials by number: the stored row where the store holds the trial's key, else a pending one.</summary>
    public required IReadOnlyList<TrialRecord> Trials { get; init; }
    /// <summary>Stored trials of the version the plan leaves out (trials or repeats lowered); a sweep leaves them as they are.</summary>
    public int Unplanned { get; init; }
    /// <summary>By trial id, the epoch of each stored checkpoint of the planned version's trials (a CPU trial goes on from it).</summary>
    public IReadOnlyDictionary<long, int> Checkpoints { get; init; } = new Dictionary<long, int>();
    /// <summary>True for a TPE search: trials after the ones listed are proposed from results, so they cannot be listed ahead.</summary>
    public bool MoreToCome { get; init; }

    /// <summary>
    /// Planned trials a sweep would claim: pending and interrupted ones. Running ones are left out: another process
    /// trains them, or a sweep re-queues them first when that process is gone.
    /// </summary>
    public IReadOnlyList<TrialRecord> ToRun => [.. Trials.Where(t => t.State is TrialState.Pending or TrialState.Interrupted)];

    /// <summary>Groups of compatible trials (same architecture, batch size and standardization) among <see cref="ToRun"/>.</summary>
    public int Groups => ToRun.Select(t => CohortKey.Of(TrialPlanner.Config(t))).Distinct().Count();

    /// <summary>How many of <see cref="ToRun"/> have a checkpoint to go on from.</summary>
    public int FromCheckpoints => ToRun.Count(t => Checkpoints.ContainsKey(t.Id));

    /// <summary>The preview of <paramref name="spec"/> against <paramref name="store"/> (null: no store yet).</summary>
    public static SweepPreview Of(ExperimentSpec spec, IExperimentStore? store, bool newVersion)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var latest = store?.GetExperiment(spec.Name);
        // As SpecHashes.For decides, from the version already read: the spec's hash, or the legacy hash of the same spec.
        bool matches = latest is not null && (latest.SpecHash == spec.Hash() || SpecHashes.IsLegacyVersionOf(latest, spec));
        int version = matches ? latest!.Version : (latest?.Version ?? 0) + 1;
        var existing = matches ? store!.GetTrials(spec.Name, version) : [];
        var configs = spec.CreateSampler().Plan([.. existing.Select(TrialSnapshot.From)]);
        var planned = TrialPlanner.Plan(spec, version, configs, existing);
        var stored = existing.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var keys = planned.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        return new SweepPreview
        {
            Latest = latest,
            Version = version,
            NeedsNewVersion = latest is not null && !matches && !newVersion,
            Trials = [.. planned.Select(t => stored.TryGetValue(t.Key, out var s) ? s : t).OrderBy(t => t.Number)],
            Unplanned = existing.Count(t => !keys.Contains(t.Key)),
            Checkpoints = matches ? store!.CheckpointEpochs(spec.Name, version) : new Dictionary<long, int>(),
            MoreToCome = spec.Search.Strategy == SearchSpec.Tpe && planned.Count < (spec.Search.Trials ?? 0) * spec.Repeats,
        };
    }
}
