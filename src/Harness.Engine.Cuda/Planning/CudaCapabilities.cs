namespace Harness.Engine.Cuda;

/// <summary>
/// Which knobs the CUDA engine trains, checked on the host before anything is allocated. Every optimizer, schedule,
/// loss, init, L1/L2 (decay_biases), dropout, input dropout, standardization, batch size (0 = full batch) and early
/// stopping work, and so do layer lists (convolution, max and average pooling, flatten, dense) and plain MLPs of any
/// depth (beyond cohort_epoch's <see cref="CohortPlan.MaxStages"/> stages on the wide path); a trial is refused,
/// naming the knob, for a deeper network with convolutions, pooling or augmentation, a step/sign
/// activation (no gradient; the perceptron's own) or an elastic distortion smoothed wider than the kernel holds
/// (elastic_sigma above 42.33: the 256 taps of <see cref="CohortSlots.MaxElasticTaps"/>). Augmentation (shifts, rotations, scaling, elastic distortion, noise) works.
/// <see cref="TrainConfig.Threads"/> is a CPU setting and is ignored.
/// </summary>
public static class CudaCapabilities
{
    private static readonly Activation[] Trainable = [Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Identity];

    /// <summary>Why the CUDA engine cannot train <paramref name="config"/> (naming the JSON field), or null when it can.</summary>
    public static string? Refusal(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Augments(config) && config.Augmentation!.ElasticAlpha > 0
            && Harness.Data.ImageWarp.GaussianKernel(config.Augmentation.ElasticSigma).Length > CohortSlots.MaxElasticTaps)
            return $"augmentation.elastic_sigma: {config.Augmentation.ElasticSigma.ToString(System.Globalization.CultureInfo.InvariantCulture)} is wider than the CUDA engine's smoothing kernel holds; allowed: elastic_sigma <= 42.33 (Simard's MNIST setting is 4)";
        if (TooDeep(config) is { } deep) return deep;
        if (!Trainable.Contains(config.Activation))
            return $"activation: '{Name(config.Activation)}' has no gradient; the CUDA engine trains {Allowed}";
        bool folds = config.Loss is Loss.SoftmaxCrossEntropy or Loss.SigmoidCrossEntropy;
        if (!folds && !Trainable.Contains(config.OutputActivation))
            return $"output_activation: '{Name(config.OutputActivation)}' has no gradient; the CUDA engine trains {Allowed}";
        return null;
    }

    /// <summary>
    /// True for a plain MLP: dense layers only (a hidden list, or a layer list of dense and flatten layers), which the
    /// wide path (<see cref="WidePath"/>) trains at any depth when it does not augment its batches.
    /// </summary>
    public static bool PlainMlp(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Layers is not { } list || list.All(l => l is DenseLayer or FlattenLayer);
    }

    // Deeper than cohort_epoch's stages and not a network the wide path takes instead: why, naming the field; else null.
    private static string? TooDeep(TrainConfig config)
    {
        int layers = config.Layers is { } list ? list.Count(l => l is not FlattenLayer) : config.Hidden?.Length ?? 0;
        if (layers + 1 <= CohortPlan.MaxStages || (PlainMlp(config) && !Augments(config))) return null;
        string field = config.Layers is null ? $"hidden: {layers} hidden layers" : $"layers: {layers} layers besides flatten";
        string why = PlainMlp(config) ? " with augmentation" : " with convolution or pooling";
        return $"{field}{why}; the CUDA engine trains at most {CohortPlan.MaxStages - 1} (deeper plain MLPs without augmentation train on its wide path)";
    }

    /// <summary>True when <paramref name="config"/> changes its training batches (a geometric change or noise).</summary>
    public static bool Augments(TrainConfig config) => config.Augmentation is { } a && (a.Geometric || a.Noise > 0);

    /// <summary>Throws <see cref="ArgumentException"/> for the first member the CUDA engine cannot train.</summary>
    public static void Check(IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        for (int m = 0; m < members.Count; m++)
            if (Refusal(members[m]) is { } why)
                throw new ArgumentException($"the CUDA engine cannot train cohort member {m}: {why}");
    }

    private static string Allowed => string.Join(", ", Trainable.Select(Name));

    private static string Name(Activation a) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(a.ToString());
}
