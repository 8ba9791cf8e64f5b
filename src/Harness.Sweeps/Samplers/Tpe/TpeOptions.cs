namespace Harness.Sweeps;

/// <summary>
/// TPE settings, Optuna's defaults unless said otherwise. Experiment JSON: <c>"strategy": "tpe"</c> with
/// <c>"tpe": {"startup_trials": 10, "candidates": 24, "prior_weight": 1.0, "multivariate": false,
/// "constant_liar": true, "consider_endpoints": false, "magic_clip": true}</c> (every field optional).
/// </summary>
public sealed record TpeOptions
{
    /// <summary>Trials drawn at random before TPE takes over (counted among finished ones).</summary>
    public int StartupTrials { get; init; } = 10;
    /// <summary>Candidates drawn from l(x); the one with the largest l(x)/g(x) is proposed.</summary>
    public int Candidates { get; init; } = 24;
    /// <summary>Weight of the prior kernel (middle of the range, σ = range; uniform over categories).</summary>
    public double PriorWeight { get; init; } = 1.0;
    /// <summary>One joint estimator over the parameters every trial has (kernels share their index) instead of one per parameter.</summary>
    public bool Multivariate { get; init; }
    /// <summary>
    /// Trials planned or running but not finished count as bad ones (in g(x)), so a batch of suggestions spreads
    /// out. Optuna's default is false; here it is true because the runner asks for a batch at a time (parallel
    /// workers times cohort members).
    /// </summary>
    public bool ConstantLiar { get; init; } = true;
    /// <summary>Let the kernels at the ends of the range take the gap to the bound as their bandwidth.</summary>
    public bool ConsiderEndpoints { get; init; }
    /// <summary>Clip bandwidths below at range / min(100, 1 + kernels).</summary>
    public bool MagicClip { get; init; } = true;
}
