namespace Harness.Cuda.Diagnostics;

/// <summary>CPU twins of the self-test kernels (Kernels/selftest.cu), in double precision.</summary>
public static class CpuReference
{
    /// <summary>x: (n), y: (n) -> a*x + y as a new array.</summary>
    public static float[] Saxpy(float a, float[] x, float[] y) => x.Select((xi, i) => (float)((double)a * xi + y[i])).ToArray();

    /// <summary>a: (M, K), b: (K, N) -> a b: (M, N), all row-major.</summary>
    public static float[] Gemm(int m, int n, int k, float[] a, float[] b)
    {
        var c = new float[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var p = 0; p < k; p++) sum += (double)a[i * k + p] * b[p * n + j];
                c[i * n + j] = (float)sum;
            }
        return c;
    }

    /// <summary>n seeded uniforms in [-1, 1) for test inputs.</summary>
    public static float[] Random(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
