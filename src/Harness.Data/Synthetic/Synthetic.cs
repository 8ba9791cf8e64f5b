namespace Harness.Data;

/// <summary>
/// Small synthetic problems for demos and tests: XOR, two spirals, two moons (2 features, 2 classes) and 1-D
/// function regression (1 feature, 1 target, no labels: the universal-approximation demo). Every generator is
/// deterministic for its seed.
/// </summary>
public static class Synthetic
{
    /// <summary>Curves <see cref="Function"/> knows, with their x range.</summary>
    public static readonly IReadOnlyList<string> FunctionNames = ["sin", "cos", "abs", "step", "square", "cubic"];

    /// <summary>The XOR truth table: (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0.</summary>
    public static Dataset Xor() => new("xor", [0, 0, 0, 1, 1, 0, 1, 1], 2, [0, 1, 1, 0], 2);

    /// <summary>
    /// <paramref name="n"/> points around the four XOR corners (corner i % 4, so classes are balanced), each
    /// coordinate plus Gaussian noise of standard deviation <paramref name="noise"/>; label = XOR of the corner.
    /// </summary>
    public static Dataset Xor(int n, double noise, int seed)
    {
        CheckArgs(n, noise);
        var rng = new Random(seed);
        var x = new float[n * 2];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int a = i % 4 >> 1, b = i % 4 & 1;
            x[2 * i] = (float)(a + noise * Gaussian(rng));
            x[2 * i + 1] = (float)(b + noise * Gaussian(rng));
            y[i] = a ^ b;
        }
        return new Dataset("xor", x, 2, y, 2);
    }

    /// <summary>
    /// Two interleaved spirals (the classic benchmark), scaled to about [-1, 1]^2: class 0 at
    /// r(t) * (-cos t, sin t) with t = sqrt(u) * 3 pi (u uniform), class 1 the mirror image; r = t / (3 pi).
    /// Gaussian noise of standard deviation <paramref name="noise"/> is added to each coordinate. Class 0 gets
    /// ceil(n / 2) points.
    /// </summary>
    public static Dataset TwoSpirals(int n, double noise, int seed)
    {
        CheckArgs(n, noise);
        var rng = new Random(seed);
        var x = new float[n * 2];
        var y = new int[n];
        const double turns = 3 * Math.PI;
        for (int i = 0; i < n; i++)
        {
            int cls = i < (n + 1) / 2 ? 0 : 1;
            double t = Math.Sqrt(rng.NextDouble()) * turns;
            double r = t / turns, sign = cls == 0 ? 1 : -1;
            x[2 * i] = (float)(sign * -Math.Cos(t) * r + noise * Gaussian(rng));
            x[2 * i + 1] = (float)(sign * Math.Sin(t) * r + noise * Gaussian(rng));
            y[i] = cls;
        }
        return new Dataset("spirals", x, 2, y, 2);
    }

    /// <summary>
    /// Two interleaving half circles (as scikit-learn's make_moons): class 0 at (cos t, sin t), class 1 at
    /// (1 - cos t, 0.5 - sin t), t uniform in [0, pi], plus Gaussian noise. Class 0 gets ceil(n / 2) points.
    /// </summary>
    public static Dataset TwoMoons(int n, double noise, int seed)
    {
        CheckArgs(n, noise);
        var rng = new Random(seed);
        var x = new float[n * 2];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int cls = i < (n + 1) / 2 ? 0 : 1;
            double t = rng.NextDouble() * Math.PI;
            double px = cls == 0 ? Math.Cos(t) : 1 - Math.Cos(t);
            double py = cls == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t);
            x[2 * i] = (float)(px + noise * Gaussian(rng));
            x[2 * i + 1] = (float)(py + noise * Gaussian(rng));
            y[i] = cls;
        }
        return new Dataset("moons", x, 2, y, 2);
    }

    /// <summary>
    /// 1-D regression: x uniform in the curve's range, target f(x) plus Gaussian noise. Curves: sin and cos on
    /// [-pi, pi]; abs, step (0 below 0, 1 from 0), square (x^2) and cubic (x^3) on [-1, 1]. Features (n, 1),
    /// Targets (n, 1), Labels null. Named "function-&lt;name&gt;".
    /// </summary>
    public static Dataset Function(string name, int n, double noise, int seed)
    {
        CheckArgs(n, noise);
        Func<double, double> f = name switch
        {
            "sin" => Math.Sin,
            "cos" => Math.Cos,
            "abs" => Math.Abs,
            "step" => v => v < 0 ? 0 : 1,
            "square" => v => v * v,
            "cubic" => v => v * v * v,
            _ => throw new ArgumentException($"function '{name}' is not known; allowed: {string.Join(", ", FunctionNames)}", nameof(name)),
        };
        double half = name is "sin" or "cos" ? Math.PI : 1;
        var rng = new Random(seed);
        var x = new float[n];
        var t = new float[n];
        for (int i = 0; i < n; i++)
        {
            double v = (rng.NextDouble() * 2 - 1) * half;
            x[i] = (float)v;
            t[i] = (float)(f(v) + noise * Gaussian(rng));
        }
        return new Dataset("function-" + name, x, 1, labels: null, classCount: 0, targets: t, targetCount: 1);
    }

    private static void CheckArgs(int n, double noise)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "the number of points must be positive");
        if (!(noise >= 0 && double.IsFinite(noise))) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be a finite number >= 0");
    }

    /// <summary>Standard normal sample (Box-Muller).</summary>
    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
