using Harness.Data;

namespace Harness.Engine.Tests.Layers;

/// <summary>
/// Pooling against the plain definition: each output the first maximum of its window in row-major order (the
/// gradient goes there) or the window's mean. Values come from {0, 1, 2}, so most windows hold ties, and the
/// channel counts cover the 16-channel vector path, its scalar remainder and the scalar path alone.
/// </summary>
public sealed class Pool2dTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        // channels, input side, window, stride
        { 6, 28, 2, 2 }, { 16, 10, 2, 2 }, { 19, 9, 3, 2 }, { 35, 7, 2, 1 },
    };

    private static (float[] Y, float[] Dx) Reference(float[] x, float[] dy, int batch, int c, int side, int s, int t, bool max)
    {
        int o = (side - s) / t + 1, inSize = c * side * side, outSize = c * o * o;
        var y = new float[batch * outSize]; var dx = new float[batch * inSize];
        for (int e = 0; e < batch; e++)
            for (int oy = 0; oy < o; oy++)
                for (int ox = 0; ox < o; ox++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        int at = e * outSize + (oy * o + ox) * c + ch, best = -1;
                        float sum = 0;
                        for (int ky = 0; ky < s; ky++)
                            for (int kx = 0; kx < s; kx++)
                            {
                                int i = e * inSize + ((oy * t + ky) * side + ox * t + kx) * c + ch;
                                sum += x[i];
                                if (best < 0 || x[i] > x[best]) best = i;
                            }
                        y[at] = max ? x[best] : sum * (1f / (s * s));
                        if (max) dx[best] += dy[at];
                    }
        return (y, dx);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Max_and_average_pooling_match_the_definition(int c, int side, int s, int t)
    {
        const int batch = 3;
        var rng = new Rng(5);
        var x = new float[batch * c * side * side];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextSingle() < 0.5f ? 0f : rng.NextSingle() < 0.5f ? 1f : 2f;
        foreach (var kind in new[] { PoolKind.Max, PoolKind.Avg })
        {
            var layer = LayerPlan.Build([new PoolLayer(kind, s, t)], new ImageShape(c, side, side), x.Length / batch, 10).Layers[0];
            var dy = new float[batch * layer.Out.Size];
            for (int i = 0; i < dy.Length; i++) dy[i] = (float)rng.NextGaussian();
            var (yRef, dxRef) = Reference(x, dy, batch, c, side, s, t, kind == PoolKind.Max);
            using var workers = new WorkerPool(2);
            var pool = new Pool2d(layer, workers, batch);
            var y = new float[yRef.Length];
            pool.Forward(x, y, batch);
            Assert.Equal(yRef, y);
            if (kind == PoolKind.Avg) continue; // its backward spreads dy evenly; the gradient check covers it
            var dx = new float[dxRef.Length];
            pool.Backward(dy, dx, batch);
            Assert.Equal(dxRef, dx);
        }
    }
}
