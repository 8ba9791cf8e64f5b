namespace Harness.Engine;

/// <summary>The one entry point that turns <see cref="TrainConfig.Optimizer"/> and its knobs into an <see cref="IOptimizer"/>.</summary>
public static class Optimizers
{
    /// <summary>
    /// Creates the optimizer named by <paramref name="config"/> for a flat buffer of <paramref name="parameterCount"/> floats.
    /// </summary>
    /// <param name="decayed">
    /// The ranges of the flat buffer that weight decay applies to (weights, and biases when
    /// <see cref="TrainConfig.DecayBiases"/>). Only AdamW uses them: it applies decoupled decay
    /// p -= lr·L2·p there itself, so the engine must not add L2 to AdamW's gradients. Every other optimizer
    /// expects L2 already folded into the gradient. Ranges must lie inside the buffer and not overlap.
    /// </param>
    public static IOptimizer Create(TrainConfig config, int parameterCount, IReadOnlyList<Range> decayed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(decayed);
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        var segments = DecaySegments.Build(parameterCount, decayed);
        Validate(config);
        return config.Optimizer switch
        {
            Optimizer.Sgd => new SgdOptimizer(parameterCount),
            Optimizer.Momentum => new MomentumOptimizer(parameterCount, config.Momentum),
            Optimizer.Nesterov => new NesterovOptimizer(parameterCount, config.Momentum),
            Optimizer.Adagrad => new AdagradOptimizer(parameterCount, config.Epsilon),
            Optimizer.RmsProp => new RmsPropOptimizer(parameterCount, config.Rho, config.Epsilon),
            Optimizer.Adam => new AdamOptimizer(parameterCount, config.Beta1, config.Beta2, config.Epsilon, 0, DecaySegments.None(parameterCount)),
            Optimizer.AdamW => new AdamOptimizer(parameterCount, config.Beta1, config.Beta2, config.Epsilon, config.L2, segments),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Optimizer,
                $"optimizer: unknown value '{config.Optimizer}'; allowed: {string.Join(", ", Enum.GetNames<Optimizer>())}"),
        };
    }

    // Names in messages are the JSON (snake_case) field names, so they point into config files.
    private static void Validate(TrainConfig c)
    {
        switch (c.Optimizer)
        {
            case Optimizer.Momentum or Optimizer.Nesterov:
                Unit(c.Momentum, "momentum");
                break;
            case Optimizer.Adagrad:
                Positive(c.Epsilon, "epsilon");
                break;
            case Optimizer.RmsProp:
                Unit(c.Rho, "rho");
                Positive(c.Epsilon, "epsilon");
                break;
            case Optimizer.Adam or Optimizer.AdamW:
                Unit(c.Beta1, "beta1");
                Unit(c.Beta2, "beta2");
                Positive(c.Epsilon, "epsilon");
                if (c.Optimizer == Optimizer.AdamW && !(c.L2 >= 0 && double.IsFinite(c.L2)))
                    throw new ArgumentException($"l2: {c.L2} is not allowed; AdamW's decoupled weight decay must be a finite value >= 0");
                break;
        }

        static void Unit(double v, string name)
        {
            if (!(v >= 0 && v < 1))
                throw new ArgumentException($"{name}: {v} is not allowed; it must lie in [0, 1)");
        }
        static void Positive(double v, string name)
        {
            if (!(v > 0 && double.IsFinite(v)))
                throw new ArgumentException($"{name}: {v} is not allowed; it must be a finite value > 0");
        }
    }

    internal static void CheckSpans(int expected, int parameters, int gradients)
    {
        if (parameters != expected || gradients != expected)
            throw new ArgumentException(
                $"optimizer was created for {expected} parameters but got {parameters} parameters and {gradients} gradients");
    }
}
