namespace Harness.Data;

/// <summary>
/// Per-feature standardization x' = (x - Mean) / Std, fitted on the training split only and saved with a model.
/// Features with zero variance get Std = 1 so they map to 0 instead of NaN.
/// </summary>
public sealed record Standardization(float[] Mean, float[] Std)
{
    public static Standardization Fit(Dataset train)
    {
        int d = train.FeatureCount, n = train.Count;
        var sum = new double[d];
        var sq = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = train.Row(i);
            for (int j = 0; j < d; j++) { sum[j] += row[j]; sq[j] += (double)row[j] * row[j]; }
        }
        var mean = new float[d];
        var std = new float[d];
        for (int j = 0; j < d; j++)
        {
            double m = sum[j] / n;
            double v = Math.Max(0, sq[j] / n - m * m);
            mean[j] = (float)m;
            std[j] = v > 1e-12 ? (float)Math.Sqrt(v) : 1f;
        }
        return new Standardization(mean, std);
    }

    /// <summary>Returns a standardized copy; the input is left unchanged.</summary>
    public Dataset Apply(Dataset data)
    {
        if (data.FeatureCount != Mean.Length)
            throw new ArgumentException($"dataset '{data.Name}' has {data.FeatureCount} features, standardization expects {Mean.Length}");
        var x = new float[data.Features.Length];
        int d = data.FeatureCount;
        for (int i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            var dst = x.AsSpan(i * d, d);
            for (int j = 0; j < d; j++) dst[j] = (row[j] - Mean[j]) / Std[j];
        }
        return new Dataset(data.Name, x, d, data.Labels, data.ClassCount, data.Targets, data.TargetCount) { Shape = data.Shape };
    }

    /// <summary>Standardizes one example in place (used when predicting with a saved model).</summary>
    public void ApplyInPlace(Span<float> example)
    {
        for (int j = 0; j < example.Length; j++) example[j] = (example[j] - Mean[j]) / Std[j];
    }
}
