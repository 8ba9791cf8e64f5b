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

    /// <summary>The sampler the search names.</summary>
    public ISampler CreateSampler() => Search.Strategy == SearchSpec.Random
        ? new RandomSampler(Search.Space, Search.Trials ?? SearchSpec.DefaultRandomTrials, Search.Seed, Base.Hidden.Length)
        : new GridSampler(Search.Space, Base.Hidden.Length);

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
    /// The part of the spec that determines the trials (dataset, base config, repeats, search), as compact
    /// JSON with a fixed property order. Name, description and engine are left out, and the base's threads is
    /// written as 0 whatever it is: none of them changes a result. (Writing threads as 0 rather than dropping it
    /// keeps the hashes of experiments created before threads left the hash.)
    /// </summary>
    public string CanonicalJson() => Canonical().ToJsonString();

    /// <summary>SHA-256 (lower-case hex) of <see cref="CanonicalJson"/>; the store refuses a changed hash under one name.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson())));

    /// <summary>The whole spec as an experiment file (parses back to an equal spec).</summary>
    public string ToJson()
    {
        var o = new JsonObject { ["name"] = Name };
        if (Description is not null) o["description"] = Description;
        o["engine"] = Engine;
        foreach (var (k, v) in Canonical().ToList()) o[k] = v?.DeepClone();
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private JsonObject Canonical()
    {
        var search = new JsonObject { ["strategy"] = Search.Strategy };
        if (Search.Strategy == SearchSpec.Random)
        {
            search["trials"] = Search.Trials ?? SearchSpec.DefaultRandomTrials;
            search["seed"] = Search.Seed;
        }
        search["pruner"] = PrunerJson.Write(Search);
        search["space"] = Search.Space.ToJson();
        return new JsonObject
        {
            ["dataset"] = JsonSerializer.SerializeToNode(Dataset, DatasetSpec.JsonOptions),
            ["base"] = JsonSerializer.SerializeToNode(Base with { Threads = 0 }, EngineJson.Options),
            ["repeats"] = Repeats,
            ["search"] = search,
        };
    }
}

/// <summary>How the space is searched.</summary>
public sealed record SearchSpec
{
    public const string Grid = "grid", Random = "random";
    public const int DefaultRandomTrials = 20;
    public static readonly IReadOnlyList<string> Strategies = [Grid, Random];
    /// <summary>Pruner names.</summary>
    public const string NoneName = "none", MedianName = "median", AshaName = "asha", HyperbandName = "hyperband";
    /// <summary>Optuna's default reduction factors: 4 for successive halving, 3 for Hyperband.</summary>
    public const int AshaDefaultReductionFactor = 4, HyperbandDefaultReductionFactor = 3;
    /// <summary>Pruners that may be named by a bare string (hyperband needs max_resource, so only the object form).</summary>
    public static readonly IReadOnlyList<string> Pruners = [NoneName, MedianName, AshaName];

    /// <summary>grid | random.</summary>
    public string Strategy { get; init; } = Grid;
    /// <summary>Random search: number of configurations drawn.</summary>
    public int? Trials { get; init; }
    /// <summary>Random search: sampler seed (same seed, same plan).</summary>
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
