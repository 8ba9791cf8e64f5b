namespace Harness.Sweeps;

/// <summary>
/// A weighted mixture of product kernels over some dimensions (Optuna's <c>_ParzenEstimator</c>): one kernel per
/// observation plus a prior kernel, weights from <see cref="TpeMath.Weights"/> with the prior's appended, then
/// normalised. Numeric dimensions get truncated normals (discretised for stepped ones); categorical ones get a
/// row of category probabilities: prior_weight / kernels everywhere plus 1 at the observed category, normalised.
/// Values are internal (see <see cref="TpeDimension"/>); observations are rows of one value per dimension, oldest first.
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly IReadOnlyList<TpeDimension> _dims;
    private readonly double[] _weights;
    private readonly double[][] _mus, _sigmas;   // [dim][kernel], numeric dimensions
    private readonly double[][] _logNorm;        // [dim][kernel]: log of the kernel's mass inside the (widened) range
    private readonly double[][][] _categories;   // [dim][kernel][category], categorical dimensions

    public ParzenEstimator(IReadOnlyList<TpeDimension> dims, IReadOnlyList<double[]> observations, TpeOptions options)
    {
        _dims = dims;
        int n = observations.Count;
        _weights = n == 0 ? [1.0] : [.. TpeMath.Weights(n), options.PriorWeight];
        double total = _weights.Sum();
        for (int k = 0; k < _weights.Length; k++) _weights[k] /= total;
        _mus = new double[dims.Count][];
        _sigmas = new double[dims.Count][];
        _categories = new double[dims.Count][][];
        _logNorm = new double[dims.Count][];
        for (int d = 0; d < dims.Count; d++)
        {
            var values = observations.Select(o => o[d]).ToArray();
            if (dims[d].IsCategorical) _categories[d] = CategoryRows(dims[d].Choices, values, options.PriorWeight);
            else
            {
                var sigmas = options.Multivariate ? MultivariateSigmas(dims[d], n, dims.Count) : Bandwidths.Univariate(dims[d], values, options.ConsiderEndpoints);
                Bandwidths.Clip(sigmas, dims[d], n, options.MagicClip);
                _mus[d] = [.. values, 0.5 * (dims[d].Low + dims[d].High)];
                _sigmas[d] = [.. sigmas, dims[d].Range];
                double half = (dims[d].Step ?? 0) / 2, low = dims[d].Low - half, high = dims[d].High + half;
                _logNorm[d] = [.. _mus[d].Zip(_sigmas[d], (m, s) => Gaussian.LogMass((low - m) / s, (high - m) / s))];
            }
        }
    }

    /// <summary>Number of kernels (observations plus the prior).</summary>
    public int Kernels => _weights.Length;

    /// <summary>The normalised kernel weights, the prior's last.</summary>
    public IReadOnlyList<double> KernelWeights => _weights;

    /// <summary>Bandwidths of dimension <paramref name="d"/>'s kernels, the prior's last (numeric only).</summary>
    public IReadOnlyList<double> Sigmas(int d) => _sigmas[d];

    /// <summary>One draw: a kernel by weight, then each dimension from that kernel.</summary>
    public double[] Sample(Random rng)
    {
        int k = Pick(_weights, rng);
        var x = new double[_dims.Count];
        for (int d = 0; d < _dims.Count; d++)
        {
            var dim = _dims[d];
            if (dim.IsCategorical) { x[d] = Pick(_categories[d][k], rng); continue; }
            double half = (dim.Step ?? 0) / 2;
            double v = TruncatedNormal.Sample(rng, _mus[d][k], _sigmas[d][k], dim.Low - half, dim.High + half);
            x[d] = dim.Step is { } step ? Math.Clamp(dim.Low + Math.Round((v - dim.Low) / step) * step, dim.Low, dim.High) : v;
        }
        return x;
    }

    /// <summary>log density (log mass for discrete dimensions) of the mixture at <paramref name="x"/>.</summary>
    public double LogPdf(double[] x)
    {
        var terms = new double[_weights.Length];
        for (int k = 0; k < _weights.Length; k++)
        {
            double s = Math.Log(_weights[k]);
            for (int d = 0; d < _dims.Count; d++) s += KernelLogPdf(d, k, x[d]);
            terms[k] = s;
        }
        double m = terms.Max();
        return double.IsNegativeInfinity(m) ? m : m + Math.Log(terms.Sum(t => Math.Exp(t - m)));
    }

    private double KernelLogPdf(int d, int k, double x)
    {
        var dim = _dims[d];
        if (dim.IsCategorical) return Math.Log(_categories[d][k][(int)x]);
        double mu = _mus[d][k], sigma = _sigmas[d][k];
        // the same as TruncatedNormal.LogMassOnGrid / LogPdf, with the kernel's normaliser computed once
        return dim.Step is { } step
            ? Gaussian.LogMass((x - step / 2 - mu) / sigma, (x + step / 2 - mu) / sigma) - _logNorm[d][k]
            : Gaussian.LogPdf((x - mu) / sigma) - Math.Log(sigma) - _logNorm[d][k];
    }

    private static double[][] CategoryRows(int choices, double[] observed, double priorWeight)
    {
        if (observed.Length == 0) return [Enumerable.Repeat(1.0 / choices, choices).ToArray()];
        int kernels = observed.Length + 1;
        var rows = new double[kernels][];
        for (int k = 0; k < kernels; k++)
        {
            rows[k] = Enumerable.Repeat(priorWeight / kernels, choices).ToArray();
            if (k < observed.Length) rows[k][(int)observed[k]] += 1;
            double sum = rows[k].Sum();
            for (int c = 0; c < choices; c++) rows[k][c] /= sum;
        }
        return rows;
    }

    /// <summary>Multivariate bandwidth: 0.2 · max(n, 1)^(-1/(dims + 4)) · range for every kernel.</summary>
    private static double[] MultivariateSigmas(TpeDimension dim, int n, int dims) =>
        Enumerable.Repeat(0.2 * Math.Pow(Math.Max(n, 1), -1.0 / (dims + 4)) * dim.Range, n).ToArray();

    private static int Pick(double[] probabilities, Random rng)
    {
        double u = rng.NextDouble(), acc = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            acc += probabilities[i];
            if (u < acc) return i;
        }
        return probabilities.Length - 1;
    }
}
