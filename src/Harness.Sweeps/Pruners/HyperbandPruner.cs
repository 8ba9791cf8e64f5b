using System.Globalization;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// Hyperband, as Optuna's HyperbandPruner: several successive-halving brackets, bracket b a
/// <see cref="SuccessiveHalvingPruner"/> with minimum early-stopping rate b. There are
/// <c>s + 1</c> brackets, s the largest integer with <c>MinResource * ReductionFactor^s &lt;= MaxResource</c>;
/// bracket b gets the share <c>ceil(n * ReductionFactor^(n-1-b) / (n-b))</c> of the trials (n brackets). A trial's
/// bracket is the CRC-32 of <c>"{experiment}_{number}"</c> modulo the shares' total, walked through the shares in
/// order, so it is the same on every run and machine. A trial is compared only with trials of its own bracket.
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    private readonly SuccessiveHalvingPruner[] _brackets;
    private readonly int[] _budgets;
    private readonly int _total;

    /// <param name="experiment">The experiment's name (part of the bracket hash).</param>
    /// <param name="minResource">Epochs of bracket 0's first rung; at least 1.</param>
    /// <param name="maxResource">The most epochs a trial runs; at least <paramref name="minResource"/>.</param>
    /// <param name="reductionFactor">Successive halving's reduction factor; at least 2.</param>
    public HyperbandPruner(string experiment, int minResource = 1, int maxResource = 27, int reductionFactor = 3)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResource, minResource);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        Experiment = experiment;
        MinResource = minResource;
        MaxResource = maxResource;
        ReductionFactor = reductionFactor;
        int s = 0;
        for (long r = (long)minResource * reductionFactor; r <= maxResource; r *= reductionFactor) s++;
        int n = s + 1;
        _brackets = [.. Enumerable.Range(0, n).Select(b => new SuccessiveHalvingPruner(minResource, reductionFactor, b))];
        _budgets = [.. Enumerable.Range(0, n).Select(b => (int)Math.Ceiling(n * Math.Pow(reductionFactor, n - 1 - b) / (n - b)))];
        _total = _budgets.Sum();
    }

    /// <summary>The experiment name the bracket hash uses.</summary>
    public string Experiment { get; }
    /// <summary>Epochs of bracket 0's first rung.</summary>
    public int MinResource { get; }
    /// <summary>The most epochs a trial runs.</summary>
    public int MaxResource { get; }
    /// <summary>Every bracket's reduction factor.</summary>
    public int ReductionFactor { get; }
    /// <summary>Number of brackets.</summary>
    public int Brackets => _brackets.Length;
    /// <summary>Each bracket's share of the trials (bracket 0 first).</summary>
    public IReadOnlyList<int> Budgets => _budgets;

    /// <summary>The bracket of trial number <paramref name="trialNumber"/>: stable for a given experiment name.</summary>
    public int BracketOf(int trialNumber)
    {
        long n = Crc32.Of(Experiment + "_" + trialNumber.ToString(CultureInfo.InvariantCulture)) % (uint)_total;
        for (int b = 0; b < _budgets.Length; b++)
        {
            n -= _budgets[b];
            if (n < 0) return b;
        }
        return _budgets.Length - 1;
    }

    /// <summary>The successive-halving pruner of bracket <paramref name="bracket"/>.</summary>
    public SuccessiveHalvingPruner Bracket(int bracket) => _brackets[bracket];

    /// <inheritdoc />
    public bool ShouldPrune(TrialSnapshot trial, IReadOnlyList<EpochMetrics> history, IReadOnlyList<TrialSnapshot> others)
    {
        int bracket = BracketOf(trial.Number);
        var mine = others.Where(o => BracketOf(o.Number) == bracket).ToList();
        return _brackets[bracket].ShouldPrune(trial, history, mine);
    }
}
