using Harness.Data;

namespace Harness.Engine.Tests.Support;

/// <summary>
/// Tiny seeded image sets for CNN tests: 9x9 single-channel images of one line (class 0 horizontal, 1 vertical,
/// 2 diagonal) at a random position, plus noise. A dense layer on pixels finds position-specific lines hard; a
/// convolution finds them anywhere.
/// </summary>
public static class LineImages
{
    public static readonly ImageShape Shape = new(1, 9, 9);

    public static Dataset Create(int n, int seed, string name = "lines")
    {
        var rng = new Rng((ulong)seed);
        var x = new float[n * Shape.Size];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = rng.NextInt(3), at = 1 + rng.NextInt(7), from = rng.NextInt(4);
            y[i] = label;
            var img = x.AsSpan(i * Shape.Size, Shape.Size);
            for (int k = 0; k < img.Length; k++) img[k] = (float)(0.15 * rng.NextDouble());
            for (int t = from; t < from + 5; t++)
            {
                var (r, c) = label switch { 0 => (at, t), 1 => (t, at), _ => (t, Math.Min(8, t + at / 2)) };
                img[r * 9 + c] = 1f;
            }
        }
        return new Dataset(name, x, Shape.Size, y, 3) { Shape = Shape };
    }

    public static DataSplits Splits(int seed = 1)
    {
        var all = Create(900, seed);
        return new DataSplits(all.Slice(0, 600, "train"), all.Slice(600, 150, "validation"), all.Slice(750, 150, "test"));
    }
}
