namespace Harness.Baselines;

/// <summary>The ML.NET multiclass trainers offered as baselines; JSON/CLI names in <see cref="BaselineTrainers.Names"/>.</summary>
public enum BaselineTrainer
{
    /// <summary>Maximum entropy (multinomial logistic regression) by stochastic dual coordinate ascent.</summary>
    SdcaMaxEnt,
    /// <summary>Maximum entropy (multinomial logistic regression) by L-BFGS.</summary>
    LbfgsMaxEnt,
    /// <summary>Gradient-boosted trees (LightGBM, multiclass).</summary>
    LightGbm,
}

public static class BaselineTrainers
{
    /// <summary>CLI and store names, in enum order.</summary>
    public static readonly IReadOnlyDictionary<string, BaselineTrainer> Names = new Dictionary<string, BaselineTrainer>
    {
        ["sdca_maxent"] = BaselineTrainer.SdcaMaxEnt,
        ["lbfgs_maxent"] = BaselineTrainer.LbfgsMaxEnt,
        ["lightgbm"] = BaselineTrainer.LightGbm,
    };

    public static string Name(this BaselineTrainer t) => Names.First(kv => kv.Value == t).Key;

    /// <summary>Parses a name; the error lists what is allowed.</summary>
    public static BaselineTrainer Parse(string name) =>
        Names.TryGetValue(name.Trim().ToLowerInvariant(), out var t)
            ? t
            : throw new ArgumentException($"unknown baseline trainer '{name}'; allowed: {string.Join(", ", Names.Keys)}");
}
