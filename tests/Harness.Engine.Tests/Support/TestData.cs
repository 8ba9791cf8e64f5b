using Harness.Data;

namespace Harness.Engine.Tests.Support;

/// <summary>Small seeded datasets built inline.</summary>
public static class TestData
{
    /// <summary>Gaussian blobs: <paramref name="classes"/> centres in <paramref name="features"/> dimensions, n examples.</summary>
    public static Dataset Blobs(int n, int features, int classes, int seed, double spread = 1.0, string name = "blobs")
    {
        var rng = new Rng((ulong)seed);
        var centres = new double[classes * features];
        for (int i = 0; i < centres.Length; i++) centres[i] = rng.NextGaussian() * 2;
        var x = new float[n * features];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextInt(classes);
            for (int j = 0; j < features; j++) x[i * features + j] = (float)(centres[y[i] * features + j] + spread * rng.NextGaussian());
        }
        return new Dataset(name, x, features, y, classes);
    }

    /// <summary>One blob set cut 600 / 200 / 200 into train / validation / test.</summary>
    public static DataSplits BlobSplits(int seed = 1, int features = 20, int classes = 4, double spread = 3.0)
    {
        var all = Blobs(1000, features, classes, seed, spread);
        return new DataSplits(all.Slice(0, 600, "train"), all.Slice(600, 200, "validation"), all.Slice(800, 200, "test"));
    }
}
