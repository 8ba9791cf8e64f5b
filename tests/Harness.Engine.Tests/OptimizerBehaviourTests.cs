namespace Harness.Engine.Tests;

public sealed class OptimizerBehaviourTests
{
    public static TheoryData<Optimizer, double> Tuned => new()
    {
        { Optimizer.Sgd, 0.1 },
        { Optimizer.Momentum, 0.05 },
        { Optimizer.Nesterov, 0.05 },
        { Optimizer.Adagrad, 0.5 },
        { Optimizer.RmsProp, 0.01 },
        { Optimizer.Adam, 0.05 },
        { Optimizer.AdamW, 0.05 },
    };

    // f(x) = ½·Σ a_i·(x_i − c_i)², a_i in [0.5, 5]: an ill-conditioned quadratic. 37 parameters, so both the
    // vector body and the scalar tail of each loop take part.
    [Theory]
    [MemberData(nameof(Tuned))]
    public void Minimizes_an_ill_conditioned_quadratic(Optimizer kind, double lr)
    {
        const int n = 37;
        var a = new float[n];
        var c = new float[n];
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = 0.5f + 4.5f * i / (n - 1);
            c[i] = MathF.Sin(i);
            x[i] = 3 * MathF.Cos(2 * i);
        }
        double Loss()
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += 0.5 * a[i] * (x[i] - c[i]) * (x[i] - c[i]);
            return s;
        }
        double start = Loss();
        var opt = Optimizers.Create(new TrainConfig { Optimizer = kind }, n, []);
        var g = new float[n];
        for (int step = 0; step < 2000; step++)
        {
            for (int i = 0; i < n; i++) g[i] = a[i] * (x[i] - c[i]);
            // A gently decaying rate lets the adaptive methods settle instead of hovering at the scale of lr.
            opt.Step(x, g, lr * Math.Pow(0.998, step));
        }
        double end = Loss();
        Assert.True(end < 1e-4 * start, $"{kind}: loss {start} -> {end}");
    }

    // f(x, y) = (1 − x)² + 10·(y − x²)²: a curved valley (Rosenbrock with a milder wall), minimum at (1, 1).
    [Theory]
    [InlineData(Optimizer.Sgd, 0.01)]
    [InlineData(Optimizer.Momentum, 0.002)]
    [InlineData(Optimizer.Nesterov, 0.002)]
    [InlineData(Optimizer.Adagrad, 0.5)]
    [InlineData(Optimizer.RmsProp, 0.01)]
    [InlineData(Optimizer.Adam, 0.02)]
    public void Finds_the_minimum_of_a_Rosenbrock_like_valley(Optimizer kind, double lr)
    {
        var p = new float[] { -1.2f, 1f };
        var g = new float[2];
        var opt = Optimizers.Create(new TrainConfig { Optimizer = kind }, 2, []);
        for (int step = 0; step < 20000; step++)
        {
            float x = p[0], y = p[1];
            g[0] = -2 * (1 - x) - 40 * x * (y - x * x);
            g[1] = 20 * (y - x * x);
            opt.Step(p, g, lr * Math.Pow(0.9998, step));
        }
        Assert.True(Math.Abs(p[0] - 1) < 0.02 && Math.Abs(p[1] - 1) < 0.04, $"{kind}: ended at ({p[0]}, {p[1]})");
    }

    [Theory]
    [InlineData(Optimizer.Sgd)]
    [InlineData(Optimizer.Momentum)]
    [InlineData(Optimizer.Nesterov)]
    [InlineData(Optimizer.Adagrad)]
    [InlineData(Optimizer.RmsProp)]
    [InlineData(Optimizer.Adam)]
    [InlineData(Optimizer.AdamW)]
    public void Step_allocates_nothing_and_is_deterministic(Optimizer kind)
    {
        const int n = 1003;
        var config = new TrainConfig { Optimizer = kind, L2 = 0.01 };
        float[] Run()
        {
            var opt = Optimizers.Create(config, n, [0..500, 700..]);
            var p = new float[n];
            var g = new float[n];
            for (int i = 0; i < n; i++) { p[i] = MathF.Sin(i); g[i] = MathF.Cos(3 * i); }
            opt.Step(p, g, 0.01); // warm up (JIT) before measuring
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int s = 0; s < 50; s++) opt.Step(p, g, 0.01);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            return p;
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Vector_body_and_scalar_tail_give_the_same_result_per_element()
    {
        // Every element sees the same parameter and gradient, so every element must end identical,
        // whichever path (vector body or scalar tail) handled it.
        foreach (var kind in Enum.GetValues<Optimizer>())
        {
            const int n = 53;
            var opt = Optimizers.Create(new TrainConfig { Optimizer = kind, L2 = 0.1 }, n, [0..n]);
            var p = Enumerable.Repeat(0.7f, n).ToArray();
            var g = Enumerable.Repeat(-0.3f, n).ToArray();
            for (int s = 0; s < 5; s++) opt.Step(p, g, 0.05);
            Assert.All(p, v => Assert.Equal(p[0], v));
        }
    }

    [Fact]
    public void AdamW_decays_only_the_decayed_ranges()
    {
        const int n = 50;
        const double lr = 0.1, l2 = 0.2;
        var opt = Optimizers.Create(new TrainConfig { Optimizer = Optimizer.AdamW, L2 = l2 }, n, [3..20, ^5.., 30..33]);
        var p = Enumerable.Range(0, n).Select(i => 1f + i).ToArray();
        var original = (float[])p.Clone();
        var zero = new float[n]; // zero gradient: the Adam part moves nothing, only decay acts
        for (int s = 0; s < 3; s++) opt.Step(p, zero, lr);
        for (int i = 0; i < n; i++)
        {
            bool decayed = i is >= 3 and < 20 or >= 30 and < 33 or >= 45;
            double expected = decayed ? original[i] * Math.Pow(1 - lr * l2, 3) : original[i];
            Assert.True(Math.Abs(p[i] - expected) <= 1e-5 * Math.Abs(expected), $"index {i}: expected {expected}, got {p[i]}");
        }
    }

    [Fact]
    public void Overlapping_or_outside_decayed_ranges_are_rejected()
    {
        var config = new TrainConfig { Optimizer = Optimizer.AdamW, L2 = 0.1 };
        var overlap = Assert.Throws<ArgumentException>(() => Optimizers.Create(config, 10, [0..5, 4..8]));
        Assert.Contains("overlap", overlap.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizers.Create(config, 10, [5..11]));
    }

    [Fact]
    public void Wrong_buffer_length_is_rejected()
    {
        var opt = Optimizers.Create(new TrainConfig { Optimizer = Optimizer.Sgd }, 4, []);
        var e = Assert.Throws<ArgumentException>(() => opt.Step(new float[4], new float[3], 0.1));
        Assert.Contains("4 parameters", e.Message);
    }

    [Theory]
    [InlineData(Optimizer.Momentum, "momentum")]
    [InlineData(Optimizer.Nesterov, "momentum")]
    [InlineData(Optimizer.RmsProp, "rho")]
    [InlineData(Optimizer.Adam, "beta1")]
    [InlineData(Optimizer.AdamW, "beta2")]
    [InlineData(Optimizer.Adagrad, "epsilon")]
    [InlineData(Optimizer.AdamW, "l2")]
    public void Bad_hyperparameters_name_the_field(Optimizer kind, string field)
    {
        var config = new TrainConfig { Optimizer = kind };
        config = field switch
        {
            "momentum" => config with { Momentum = 1 },
            "rho" => config with { Rho = -0.1 },
            "beta1" => config with { Beta1 = 1.5 },
            "beta2" => config with { Beta2 = 1 },
            "epsilon" => config with { Epsilon = 0 },
            _ => config with { L2 = -1 },
        };
        var e = Assert.Throws<ArgumentException>(() => Optimizers.Create(config, 3, []));
        Assert.StartsWith(field + ":", e.Message);
    }
}
