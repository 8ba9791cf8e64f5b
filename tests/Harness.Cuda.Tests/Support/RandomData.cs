using Harness.Data;

namespace Harness.Cuda.Tests.Support;

/// <summary>Seeded random classification and regression splits with sizes off every block size, for the parity tests.</summary>
internal static class RandomData
{
    /// <summary>Features uniform in [-1, 1]; the label is the argmax of a fixed random linear map (learnable), so accuracy moves.</summary>
    public static DataSplits Classes(int features, int classes, int train, int validation, int test, int seed = 11) =>
        Classes(features, classes, train, validation, test, seed, null);

    /// <summary><see cref="Classes(int, int, int, int, int, int)"/> as images of <paramref name="shape"/> (channels-last).</summary>
    public static DataSplits Images(ImageShape shape, int classes, int train, int validation, int test, int seed = 11) =>
        Classes(shape.Size, classes, train, validation, test, seed, shape);

    private static DataSplits Classes(int features, int classes, int train, int validation, int test, int seed, ImageShape? shape)
    {
        var rng = new Random(seed);
        var map = Uniform(rng, features * classes);
        return new DataSplits(Make("train", train), Make("validation", validation), Make("test", test));

        Dataset Make(string name, int n)
        {
            var x = Uniform(rng, n * features);
            var y = new int[n];
            for (int i = 0; i < n; i++)
            {
                int best = 0;
                double bestScore = double.NegativeInfinity;
                for (int k = 0; k < classes; k++)
                {
                    double s = 0;
                    for (int j = 0; j < features; j++) s += x[i * features + j] * map[k * features + j];
                    if (s > bestScore) (best, bestScore) = (k, s);
                }
                y[i] = best;
            }
            return new Dataset(name, x, features, y, classes) { Shape = shape };
        }
    }

    /// <summary>One-feature regression (sin), no labels.</summary>
    public static DataSplits Regression(int train, int validation, int test) => new(
        Synthetic.Function("sin", train, 0.05, 1), Synthetic.Function("sin", validation, 0.05, 2), Synthetic.Function("sin", test, 0.05, 3));

    private static float[] Uniform(Random rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }
}
