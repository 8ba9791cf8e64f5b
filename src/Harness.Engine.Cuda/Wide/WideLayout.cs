namespace Harness.Engine.Cuda;

/// <summary>
/// Where the wide path finds things, in floats: each layer's weights and biases inside a member's parameters
/// (ParameterLayout's order, W (out x in) then b per layer), and the member's workspace as net_read in cohort.cu lays
/// it out: row losses (R doubles) and hits (R ints), the input batch (R x D), then per layer z, a, dz, mask and drop
/// (R x out each). A pure function of the plan.
/// </summary>
internal sealed record WideLayout(long Xin, long[] Z, long[] A, long[] Dz, long[] Mask, long[] Drop, long[] Weights, long[] Biases)
{
    public static WideLayout Of(CohortPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int layers = plan.Stages.Count;
        long rows = plan.Rows, w = 3L * rows, p = 0;
        long xin = w;
        w += rows * plan.Sizes[0];
        var (z, a, dz, mask, drop, weights, biases) = (new long[layers], new long[layers], new long[layers], new long[layers],
            new long[layers], new long[layers], new long[layers]);
        for (int l = 0; l < layers; l++)
        {
            long n = rows * plan.Sizes[l + 1];
            (z[l], a[l], dz[l], mask[l], drop[l]) = (w, w + n, w + 2 * n, w + 3 * n, w + 4 * n);
            w += 5 * n;
            weights[l] = p;
            p += (long)plan.Sizes[l] * plan.Sizes[l + 1];
            biases[l] = p;
            p += plan.Sizes[l + 1];
        }
        return new WideLayout(xin, z, a, dz, mask, drop, weights, biases);
    }

    /// <summary>Each layer's [weights, biases) offsets, the array wide_update and wide_penalty_parts test parameters against.</summary>
    public long[] WeightRanges() => [.. Weights.Zip(Biases).SelectMany(r => new[] { r.First, r.Second })];
}
