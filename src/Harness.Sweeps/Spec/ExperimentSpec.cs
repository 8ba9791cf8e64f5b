using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// A validated experiment file: what to train on, the fixed knobs, the search and how many seeds per
/// configuration. Build one with <see cref="ExperimentFile.Load"/> or <see cref="ExperimentFile.Parse"/>.
/// Trial seeds are <c>base.seed + repeat</c> for repeat = 0..Repeats-1.
/// </summary>
public sealed record ExperimentSpec
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required DatasetSpec Dataset { get; init; }
    /// <summary>auto | cpu | cuda (see <see cref="EngineChoice"/>).</summary>
    public string Engine { get; init; } = "auto";
    /// <summary>Every knob not searched; searched knobs override it per trial.</summary>
    public required TrainConfig Base { get; init; }
    /// <summary>Seeds per configuration.</summary>
    public int Repeats { get; init; } = 1;
    public required SearchSpec Search { get; init; }

    /// <summary>
    /// The sampler the search names (random and TPE need <see cref="SearchSpec.Trials"/>). <paramref name="slots"/>
    /// is how many trials the runner trains at once (parallel workers times cohort members); TPE proposes that
    /// many over <see cref="Repeats"/> configurations at a time.
    /// </summary>
    public ISampler CreateSampler(int slots = 1) => Search.Strategy switch
    {
        SearchSpec.Random => new RandomSampler(Search.Space, TrialCount(), Search.Seed, Base.Hidden.Length),
        SearchSpec.Tpe => new TpeSampler(Search.Space, TrialCount(), Search.Seed, Base.Hidden.Length, Search.TpeSettings,
            Math.Max(1, slots / Math.Max(1, Repeats))),
        _ => new GridSampler(Search.Space, Base.Hidden.Length),
    };

    private int TrialCount() => Search.Trials ?? throw new InvalidOperationException($"search.trials: a {Search.Strategy} search needs a trial count");

    /// <summary>
    /// The pruner the search names ("none" -> <see cref="NopPruner"/>, "median" -> <see cref="MedianPruner"/>,
    /// "asha" -> <see cref="SuccessiveHalvingPruner"/>, "hyperband" -> <see cref="HyperbandPruner"/> over this experiment's name).
    /// </summary>
    public IPruner CreatePruner() => Search.Pruner switch
    {
        SearchSpec.NoneName => NopPruner.Instance,
        SearchSpec.MedianName => new MedianPruner(Search.PrunerWarmupEpochs, Search.PrunerMinTrials),
        SearchSpec.AshaName => new SuccessiveHalvingPruner(Search.PrunerMinResource, Search.PrunerReductionFactor, Search.PrunerMinEarlyStoppingRate),
        SearchSpec.HyperbandName => new HyperbandPruner(Name, Search.PrunerMinResource, Search.PrunerMaxResource, Search.PrunerReductionFactor),
        _ => throw new InvalidDataException($"search.pruner: '{Search.Pruner}' is not known; allowed: {string.Join(", ", SearchSpec.Pruners)}"),
    };

    /// <summary>
    /// The part of the spec that determines what each trial is (dataset, base config, search), as compact JSON
    /// with a fixed property order. Name, description and engine are left out, the base's threads is written as 0
    /// whatever it is (none of them changes a result), and so are how many trials there are: repeats is written as
    /// 1 and a random search's trials as 20 whatever they are, so raising or lowering them keeps the experiment
    /// version (its existing trials keep their keys). Writing these fixed values rather than dropping the fields
    /// keeps the hashes of experiments created before they left the hash, as far as they had threads 0, repeats 1
    /// and 20 random trials; see <see cref="LegacyHash"/> for the others.
    /// </summary>
    public string CanonicalJson() => Canonical(hashed: true).ToJsonString();

    /// <summary>SHA-256 (lower-case hex) of <see cref="CanonicalJson"/>; the store refuses a changed hash under one name.</summary>
    public string Hash() => Sha256(CanonicalJson());

    /// <summary>
    /// The hash older versions of Harness gave this spec, with its actual repeats and random-search trials in the
    /// hashed JSON. <see cref="SpecHashes"/> uses it to recognise a stored version created that way.
    /// </summary>
    public string LegacyHash() => Sha256(Canonical(hashed: false).ToJsonString());

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The whole spec as an experiment file (parses back to an equal spec).</summary>
    public string ToJson()
    {
        var o = new JsonObject { ["name"] = Name };
        if (Description is not null) o["description"] = Description;
        o["engine"] = Engine;
        foreach (var (k, v) in Canonical(hashed: false).ToList()) o[k] = v?.DeepClone();
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Repeats and random-search trials as written in the hashed JSON (see <see cref="CanonicalJson"/>).</summary>
    private const int HashedRepeats = 1, HashedTrials = 20;

    private JsonObject Canonical(bool hashed)
    {
        var search = new JsonObject { ["strategy"] = SamplerJson.Write(Search) };
        if (Search.IsSampled)
        {
            if (hashed) search["trials"] = HashedTrials;
            else if (Search.Trials is { } trials) search["trials"] = trials;
            search["seed"] = Search.Seed;
        }
        search["pruner"] = PrunerJson.Write(Search);
        search["space"] = Search.Space.ToJson();
        return new JsonObject
        {
            ["dataset"] = JsonSerializer.SerializeToNode(Dataset, DatasetSpec.JsonOptions),
            ["base"] = JsonSerializer.SerializeToNode(Base with { Threads = 0 }, EngineJson.Options),
            ["repeats"] = hashed ? HashedRepeats : Repeats,
            ["search"] = search,
        };
    }
}

/// <summary>How the space is searched.</summary>
public sealed record SearchSpec
{
    public const string Grid = "grid", Random = "random", Tpe = "tpe";
    public static readonly IReadOnlyList<string> Strategies = [Grid, Random, Tpe];
    /// <summary>Pruner names.</summary>
    public const string NoneName = "none", MedianName = "median", AshaName = "asha", HyperbandName = "hyperband";
    /// <summary>Optuna's default reduction factors: 4 for successive halving, 3 for Hyperband.</summary>
    public const int AshaDefaultReductionFactor = 4, HyperbandDefaultReductionFactor = 3;
    /// <summary>Pruners that may be named by a bare string (hyperband needs max_resource, so only the object form).</summary>
    public static readonly IReadOnlyList<string> Pruners = [NoneName, MedianName, AshaName];

    /// <summary>grid | random | tpe.</summary>
    public string Strategy { get; init; } = Grid;
    /// <summary>TPE settings (strategy tpe only).</summary>
    public TpeOptions? TpeSettings { get; init; }
    /// <summary>True for the strategies that draw a number of configurations (random, TPE) rather than enumerate a grid.</summary>
    public bool IsSampled => Strategy is Random or Tpe;
    /// <summary>Random search and TPE: number of configurations drawn (required there; not part of the spec hash).</summary>
    public int? Trials { get; init; }
    /// <summary>Random search and TPE: sampler seed (same seed, same plan; for TPE, same history, same proposals).</summary>
    public int Seed { get; init; }
    /// <summary>Pruner name: "none" never prunes; "median", "asha", "hyperband" (see <see cref="ExperimentSpec.CreatePruner"/>).</summary>
    public string Pruner { get; init; } = NoneName;
    /// <summary>Median pruner: epochs every trial runs before it can be pruned (default 1).</summary>
    public int PrunerWarmupEpochs { get; init; } = 1;
    /// <summary>Median pruner: finished trials needed before it prunes at all (default 4).</summary>
    public int PrunerMinTrials { get; init; } = 4;
    /// <summary>ASHA / Hyperband: epochs of the first rung (default 1).</summary>
    public int PrunerMinResource { get; init; } = 1;
    /// <summary>ASHA / Hyperband: 1/ReductionFactor of a rung's trials continue (defaults 4 for ASHA, 3 for Hyperband).</summary>
    public int PrunerReductionFactor { get; init; } = AshaDefaultReductionFactor;
    /// <summary>ASHA: the first rung is at min_resource * reduction_factor^rate (default 0).</summary>
    public int PrunerMinEarlyStoppingRate { get; init; }
    /// <summary>Hyperband: the most epochs a trial runs (sets the number of brackets).</summary>
    public int PrunerMaxResource { get; init; } = 1;
    public required SearchSpace Space { get; init; }
}
