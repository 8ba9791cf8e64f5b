using System.Text.Json;

namespace Harness.Engine;

/// <summary>
/// Checks a <see cref="TrainConfig"/> for the MLP trainer. Messages name the field as it is spelled in JSON
/// (snake_case) and say what is allowed.
/// </summary>
public static class ConfigValidator
{
    private static readonly Activation[] MlpActivations = [Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Identity];

    /// <summary>All problems found; empty when the config is valid.</summary>
    public static IReadOnlyList<string> Validate(TrainConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var errors = new List<string>();
        if (c.Hidden is null) errors.Add("hidden: must be a list of layer widths (may be empty)");
        else
            for (int i = 0; i < c.Hidden.Length; i++)
                if (c.Hidden[i] < 1) errors.Add($"hidden[{i}]: {c.Hidden[i]} must be >= 1");
        if (c.Layers is { } layers) CheckLayers(errors, layers);
        if (c.Augmentation is { } aug) CheckAugmentation(errors, aug);
        CheckActivation(errors, "activation", c.Activation);
        if (c.Loss is Loss.Quadratic or Loss.Absolute or Loss.Hinge) CheckActivation(errors, "output_activation", c.OutputActivation);
        else if (!Enum.IsDefined(c.OutputActivation)) CheckActivation(errors, "output_activation", c.OutputActivation);
        if (!(double.IsFinite(c.LeakySlope) && c.LeakySlope >= 0 && c.LeakySlope < 1)) errors.Add($"leaky_slope: {Fmt(c.LeakySlope)} must be in [0, 1)");
        CheckEnum(errors, "loss", c.Loss);
        CheckEnum(errors, "init", c.Init);
        CheckEnum(errors, "optimizer", c.Optimizer);
        CheckEnum(errors, "schedule", c.Schedule);
        if (!(c.InitSigma > 0 && double.IsFinite(c.InitSigma))) errors.Add($"init_sigma: {Fmt(c.InitSigma)} must be > 0");
        if (!(c.LearningRate > 0 && double.IsFinite(c.LearningRate))) errors.Add($"learning_rate: {Fmt(c.LearningRate)} must be > 0");
        if (!(c.Momentum >= 0 && c.Momentum < 1)) errors.Add($"momentum: {Fmt(c.Momentum)} must be in [0, 1)");
        if (!(c.Beta1 >= 0 && c.Beta1 < 1)) errors.Add($"beta1: {Fmt(c.Beta1)} must be in [0, 1)");
        if (!(c.Beta2 >= 0 && c.Beta2 < 1)) errors.Add($"beta2: {Fmt(c.Beta2)} must be in [0, 1)");
        if (!(c.Rho >= 0 && c.Rho < 1)) errors.Add($"rho: {Fmt(c.Rho)} must be in [0, 1)");
        if (!(c.Epsilon > 0 && double.IsFinite(c.Epsilon))) errors.Add($"epsilon: {Fmt(c.Epsilon)} must be > 0");
        if (c.BatchSize < 0) errors.Add($"batch_size: {c.BatchSize} must be >= 0 (0 = full batch, 1 = pure SGD)");
        if (c.Epochs < 1) errors.Add($"epochs: {c.Epochs} must be >= 1");
        // Same ranges as LearningRateSchedule enforces (a rate above 1 grows the learning rate; a final factor of 0 decays to zero).
        if (!(c.DecayRate > 0 && double.IsFinite(c.DecayRate))) errors.Add($"decay_rate: {Fmt(c.DecayRate)} must be a finite value > 0");
        if (c.StepEpochs < 1) errors.Add($"step_epochs: {c.StepEpochs} must be >= 1");
        if (!(c.FinalFactor >= 0 && double.IsFinite(c.FinalFactor))) errors.Add($"final_factor: {Fmt(c.FinalFactor)} must be a finite value >= 0");
        if (!(c.L2 >= 0 && double.IsFinite(c.L2))) errors.Add($"l2: {Fmt(c.L2)} must be >= 0");
        if (!(c.L1 >= 0 && double.IsFinite(c.L1))) errors.Add($"l1: {Fmt(c.L1)} must be >= 0");
        if (!(c.Dropout >= 0 && c.Dropout < 1)) errors.Add($"dropout: {Fmt(c.Dropout)} must be in [0, 1)");
        if (!(c.InputDropout >= 0 && c.InputDropout < 1)) errors.Add($"input_dropout: {Fmt(c.InputDropout)} must be in [0, 1)");
        if (c.Threads < 0) errors.Add($"threads: {c.Threads} must be >= 0 (0 = all cores)");
        if (c.EarlyStopping is { } es)
        {
            if (es.Patience < 0) errors.Add($"early_stopping.patience: {es.Patience} must be >= 0");
            if (!(es.MinDelta >= 0 && double.IsFinite(es.MinDelta))) errors.Add($"early_stopping.min_delta: {Fmt(es.MinDelta)} must be >= 0");
            CheckEnum(errors, "early_stopping.monitor", es.Monitor);
        }
        return errors;
    }

    private static void CheckLayers(List<string> errors, LayerSpec[] layers)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            var f = $"layers[{i}]";
            switch (layers[i])
            {
                case null: errors.Add($"{f}: null is not a layer; allowed: {LayerSpecJson.Kinds}"); break;
                case DenseLayer d when d.Units < 1: errors.Add($"{f}.dense: {d.Units} must be >= 1 (units)"); break;
                case ConvLayer c:
                    if (c.Filters < 1) errors.Add($"{f}.conv.filters: {c.Filters} must be >= 1");
                    if (c.Size < 1) errors.Add($"{f}.conv.size: {c.Size} must be >= 1 (kernel width and height in pixels)");
                    if (c.Stride < 1) errors.Add($"{f}.conv.stride: {c.Stride} must be >= 1");
                    if (!Enum.IsDefined(c.Padding)) errors.Add($"{f}.conv.padding: unknown value {(int)c.Padding}; allowed: valid, same");
                    break;
                case PoolLayer p:
                    var name = p.Kind == PoolKind.Max ? "max_pool" : "avg_pool";
                    if (p.Size < 1) errors.Add($"{f}.{name}.size: {p.Size} must be >= 1 (window width and height in pixels)");
                    if (p.Stride < 1) errors.Add($"{f}.{name}.stride: {p.Stride} must be >= 1");
                    break;
            }
        }
    }

    private static void CheckAugmentation(List<string> errors, Augmentation a)
    {
        if (!(a.Shift >= 0 && a.Shift <= 100)) errors.Add($"augmentation.shift: {Fmt(a.Shift)} must be in [0, 100] (pixels)");
        if (!(a.Rotation >= 0 && a.Rotation <= 180)) errors.Add($"augmentation.rotation: {Fmt(a.Rotation)} must be in [0, 180] (degrees)");
        if (!(a.Scale >= 0 && a.Scale < 1)) errors.Add($"augmentation.scale: {Fmt(a.Scale)} must be in [0, 1) (factor 1 ± scale)");
        if (!(a.ElasticAlpha >= 0 && a.ElasticAlpha <= 1000)) errors.Add($"augmentation.elastic_alpha: {Fmt(a.ElasticAlpha)} must be in [0, 1000] (pixels; 0 = off)");
        if (!(a.ElasticSigma > 0 && a.ElasticSigma <= 100)) errors.Add($"augmentation.elastic_sigma: {Fmt(a.ElasticSigma)} must be in (0, 100] (pixels)");
        if (!(a.Noise >= 0 && double.IsFinite(a.Noise))) errors.Add($"augmentation.noise: {Fmt(a.Noise)} must be a finite value >= 0 (standard deviation)");
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the config is invalid.</summary>
    public static void ThrowIfInvalid(TrainConfig c)
    {
        var errors = Validate(c);
        if (errors.Count > 0) throw new ArgumentException("invalid training config:\n  " + string.Join("\n  ", errors), nameof(c));
    }

    private static void CheckActivation(List<string> errors, string field, Activation a)
    {
        if (Array.IndexOf(MlpActivations, a) >= 0) return;
        string allowed = string.Join(", ", MlpActivations.Select(Name));
        errors.Add(Enum.IsDefined(a)
            ? $"{field}: '{Name(a)}' is for the perceptron only; allowed: {allowed}"
            : $"{field}: unknown value {(int)a}; allowed: {allowed}");
    }

    private static void CheckEnum<T>(List<string> errors, string field, T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
            errors.Add($"{field}: unknown value {Convert.ToInt32(value)}; allowed: {string.Join(", ", Enum.GetValues<T>().Select(v => Name(v)))}");
    }

    /// <summary>The JSON spelling of an enum value (snake_case).</summary>
    internal static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string Fmt(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
