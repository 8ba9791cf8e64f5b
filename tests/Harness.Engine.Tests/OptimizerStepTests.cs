namespace Harness.Engine.Tests;

/// <summary>
/// First two steps of each optimizer on a 3-parameter example, against values worked out by hand from the
/// update rules (p0 = [1, −2, 0.5], g1 = [0.5, −1, 2], g2 = [1, 0.5, −0.5], lr = 0.1).
/// </summary>
public sealed class OptimizerStepTests
{
    private static readonly float[] P0 = [1f, -2f, 0.5f];
    private static readonly float[] G1 = [0.5f, -1f, 2f];
    private static readonly float[] G2 = [1f, 0.5f, -0.5f];
    private const double Lr = 0.1;

    private static (float[] After1, float[] After2) TwoSteps(TrainConfig config, IReadOnlyList<Range>? decayed = null)
    {
        var opt = Optimizers.Create(config, 3, decayed ?? []);
        var p = (float[])P0.Clone();
        opt.Step(p, G1, Lr);
        var after1 = (float[])p.Clone();
        opt.Step(p, G2, Lr);
        return (after1, p);
    }

    private static void Near(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + 1e-6 * Math.Abs(expected[i]),
                $"index {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Sgd_subtracts_lr_times_gradient()
    {
        var (a, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.Sgd });
        Near([0.95, -1.9, 0.3], a);
        Near([0.85, -1.95, 0.35], b);
    }

    [Fact]
    public void Momentum_accumulates_velocity()
    {
        // v1 = -0.1·g1 = [-0.05, 0.1, -0.2]; v2 = 0.9·v1 - 0.1·g2 = [-0.145, 0.04, -0.13]
        var (a, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.Momentum, Momentum = 0.9 });
        Near([0.95, -1.9, 0.3], a);
        Near([0.805, -1.86, 0.17], b);
    }

    [Fact]
    public void Nesterov_adds_the_look_ahead_term()
    {
        // p1 = p0 + 0.9·v1 - 0.1·g1; p2 = p1 + 0.9·v2 - 0.1·g2 with v as in momentum
        var (a, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.Nesterov, Momentum = 0.9 });
        Near([0.905, -1.81, 0.12], a);
        Near([0.6745, -1.824, 0.053], b);
    }

    [Fact]
    public void Adagrad_divides_by_root_of_summed_squares()
    {
        // step 1: G = g1², so p -= 0.1·sign(g1); step 2: G = [1.25, 1.25, 4.25]
        var (a, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.Adagrad, Epsilon = 1e-8 });
        Near([0.9, -1.9, 0.4], a);
        Near([0.9 - 0.1 / Math.Sqrt(1.25), -1.9 - 0.05 / Math.Sqrt(1.25), 0.4 + 0.05 / Math.Sqrt(4.25)], b);
    }

    [Fact]
    public void RmsProp_divides_by_root_of_running_mean_square()
    {
        // step 1: s = 0.1·g1², so p -= 0.1·sign(g1)/√0.1
        var (a, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.RmsProp, Rho = 0.9, Epsilon = 1e-8 });
        double d = 0.1 / Math.Sqrt(0.1);
        Near([1 - d, -2 + d, 0.5 - d], a);
        // step 2: s = 0.09·g1² + 0.1·g2² = [0.1225, 0.115, 0.385]
        Near([a[0] - 0.1 * 1 / Math.Sqrt(0.1225), a[1] - 0.1 * 0.5 / Math.Sqrt(0.115), a[2] + 0.1 * 0.5 / Math.Sqrt(0.385)], b);
    }

    [Fact]
    public void Adam_with_bias_correction_moves_by_lr_on_the_first_step()
    {
        // step 1: m̂ = g1, v̂ = g1², so p -= 0.1·sign(g1)
        var (a, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.Adam, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8 });
        Near([0.9, -1.9, 0.4], a);
        // step 2 (m = 0.09·g1 + 0.1·g2, v = 0.000999·g1² + 0.001·g2², corrected by 1 − 0.81 and 1 − 0.998001)
        Near([0.8034818006385092, -1.873366297370903, 0.3530531837013347], b);
    }

    [Fact]
    public void Adam_ignores_L2_and_decayed_ranges()
    {
        var (_, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.Adam, L2 = 0.5 }, [0..1, 2..3]);
        Near([0.8034818006385092, -1.873366297370903, 0.3530531837013347], b);
    }

    [Fact]
    public void AdamW_scales_decayed_parameters_by_one_minus_lr_l2_before_the_Adam_step()
    {
        // L2 = 0.5: decayed parameters are multiplied by 1 − 0.1·0.5 = 0.95 each step; index 1 is not decayed.
        var (a, b) = TwoSteps(new TrainConfig { Optimizer = Optimizer.AdamW, L2 = 0.5 }, [0..1, 2..3]);
        Near([0.85, -1.9, 0.375], a);
        Near([0.7109818005385091, -1.873366297370903, 0.3093031836763347], b);
    }
}
