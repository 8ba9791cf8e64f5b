using Harness.Reports.Trials;

namespace Harness.Reports.Importance;

/// <summary>
/// One parameter's values on a discrete domain, as PED-ANOVA estimates densities on: a category per distinct
/// value for names, lists and whole numbers with at most <see cref="MaxCategories"/> values (depth, width, batch
/// size); otherwise <see cref="Cells"/> equal cells over the observed range, in log10 space when
/// <see cref="TrialSet.IsLogScale"/> says so (learning rates). <see cref="Positions"/> holds each trial's
/// category index, or its place in [0, 1] along the range.
/// </summary>
internal sealed class ParameterGrid
{
    public const int MaxCategories = 20, Cells = 50;

    private ParameterGrid(bool categorical, int size, double[] positions) => (Categorical, Size, Positions) = (categorical, size, positions);

    public bool Categorical { get; }
    /// <summary>Number of categories, or of cells.</summary>
    public int Size { get; }
    public double[] Positions { get; }

    public static ParameterGrid Of(string name, IReadOnlyList<string> values)
    {
        var numbers = values.Select(TrialView.TryNumber).ToList();
        bool numeric = numbers.All(x => x is not null && double.IsFinite(x.Value));
        var distinct = values.Distinct().ToList();
        if (!numeric || (distinct.Count <= MaxCategories && numbers.All(x => x == Math.Floor(x!.Value))))
        {
            var order = distinct.Order(TrialSet.ValueComparer(distinct)).ToList();
            return new(true, order.Count, [.. values.Select(v => (double)order.IndexOf(v))]);
        }
        var x = numbers.Select(v => v!.Value).ToList();
        if (TrialSet.IsLogScale(name, x)) x = [.. x.Select(Math.Log10)];
        double lo = x.Min(), hi = x.Max();
        return new(false, Cells, [.. x.Select(v => hi > lo ? (v - lo) / (hi - lo) : 0.5)]);
    }

    /// <summary>
    /// The probability of each category or cell under the trials at <paramref name="indices"/>, mixed with a
    /// uniform prior of weight 1 (so no cell has probability 0): category counts, or a Gaussian kernel per trial
    /// with Scott's bandwidth (at least one cell), each kernel normalised over the cells.
    /// </summary>
    public double[] Probabilities(IReadOnlyList<int> indices)
    {
        var p = new double[Size];
        int n = indices.Count;
        if (Categorical)
            foreach (var i in indices) p[(int)Positions[i]] += 1;
        else
        {
            var u = indices.Select(i => Positions[i]).ToList();
            double h = Math.Max(ScottBandwidth(u), 1.0 / Cells);
            var centres = Enumerable.Range(0, Cells).Select(k => (k + 0.5) / Cells).ToArray();
            foreach (var ui in u)
            {
                var kernel = centres.Select(c => Math.Exp(-0.5 * Math.Pow((c - ui) / h, 2))).ToArray();
                double sum = kernel.Sum();
                for (int k = 0; k < Cells; k++) p[k] += kernel[k] / sum;
            }
        }
        for (int k = 0; k < Size; k++) p[k] = (p[k] + 1.0 / Size) / (n + 1);
        return p;
    }

    /// <summary>1.059 · min(std, IQR / 1.34) · n^(-1/5); 0 for fewer than two points or no spread.</summary>
    private static double ScottBandwidth(IReadOnlyList<double> u)
    {
        if (u.Count < 2) return 0;
        var sorted = u.Order().ToArray();
        double std = Statistics.SampleStd(sorted);
        double iqr = Statistics.Quantile(sorted, 0.75) - Statistics.Quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.Min(std, iqr / 1.34) : std;
        return 1.059 * spread * Math.Pow(u.Count, -0.2);
    }
}
