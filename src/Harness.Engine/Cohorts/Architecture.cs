using System.Globalization;
using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// The shape of a network, shared by every member of a cohort: input shape, layers (the last one is the output
/// layer), hidden activation, output activation and loss. Everything else in a <see cref="TrainConfig"/> is a
/// per-member setting. Two architectures are equal when their <see cref="Key"/> texts are equal.
/// </summary>
public sealed record Architecture
{
    private Architecture(int[] inputShape, LayerSpec[] layers, Activation hidden, LossSpec loss, ParameterLayout? layout = null, bool layerList = false)
    {
        InputShape = inputShape;
        Layers = layers;
        Hidden = hidden;
        Loss = loss;
        Layout = layout ?? new ParameterLayout([Inputs, .. layers.Cast<DenseLayer>().Select(d => d.Units)]);
        Key = layerList ? LayerListKey(InputShape, layers, hidden, loss) : BuildKey();
    }

    /// <summary>The shape of one example: [features] for vectors, [channels, height, width] for a layer-list network on images.</summary>
    public int[] InputShape { get; }
    /// <summary>Layers from input to output; the last is the output layer.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; }
    /// <summary>Activation of every hidden layer.</summary>
    public Activation Hidden { get; }
    /// <summary>Loss, output activation and the leaky slope used by leaky activations.</summary>
    public LossSpec Loss { get; }
    /// <summary>Where each tensor lives in one member's flat parameter buffer.</summary>
    public ParameterLayout Layout { get; }
    /// <summary>Canonical text (equality and grouping), e.g. <c>[784,30,10] sigmoid -> sigmoid quadratic</c>.</summary>
    public string Key { get; }
    public int Inputs => InputShape.Aggregate(1, (a, b) => a * b);
    public int Outputs => ((DenseLayer)Layers[^1]).Units;

    /// <summary>A readable label of the hidden layers, e.g. <c>c32k5-p2-c64k5-p2-d1024</c> or <c>d30-d30</c>.</summary>
    public string Label => LayerSpec.LabelOf(Layers.Take(Layers.Count - 1));

    /// <summary>
    /// The architecture of <paramref name="config"/> on a dataset with these input and output widths and, for a
    /// layer list (<see cref="TrainConfig.Layers"/>), this image shape (ArgumentException when the layers do not fit it).
    /// </summary>
    public static Architecture Of(TrainConfig config, int inputs, int outputs, ImageShape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var loss = LossOf(config);
        if (config.Layers is { } hidden)
        {
            var plan = LayerPlan.Build(hidden, shape, inputs, outputs);
            int[] input = shape is { } s ? [s.Channels, s.Height, s.Width] : [inputs];
            return new Architecture(input, [.. hidden, new DenseLayer(outputs)], config.Activation, loss, plan.Layout, layerList: true);
        }
        LayerSpec[] layers = [.. config.Hidden.Select(w => new DenseLayer(w)), new DenseLayer(outputs)];
        return new Architecture([inputs], layers, config.Activation, loss);
    }

    /// <summary>The key of a layer-list config without its input and output sizes (what <see cref="CohortKey"/> compares).</summary>
    internal static string LayerListKey(TrainConfig config) =>
        LayerListKey([], [.. config.Layers!], config.Activation, LossOf(config));

    private static LossSpec LossOf(TrainConfig config) =>
        new(config.Loss, config.Loss is Engine.Loss.SoftmaxCrossEntropy or Engine.Loss.SigmoidCrossEntropy ? Activation.Identity : config.OutputActivation,
            UsesLeaky(config) ? (float)config.LeakySlope : 0f);

    // e.g. "[1x28x28] c32k5-p2-d1024-d10 relu -> softmax_cross_entropy": layers as labels, the output layer last.
    private static string LayerListKey(int[] input, IReadOnlyList<LayerSpec> layers, Activation hidden, LossSpec loss)
    {
        var inv = CultureInfo.InvariantCulture;
        var shape = input.Length == 0 ? "" : "[" + string.Join("x", input.Select(v => v.ToString(inv))) + "] ";
        var output = loss.FoldsOutput ? "" : " " + Name(loss.OutputActivation);
        var leaky = loss.LeakySlope != 0 ? string.Create(inv, $" slope {loss.LeakySlope:R}") : "";
        return $"{shape}{LayerSpec.LabelOf(layers)} {Name(hidden)} ->{output} {Name(loss.Loss)}{leaky}";
    }

    /// <summary>True when a leaky ReLU is used, so the leaky slope is part of the architecture.</summary>
    internal static bool UsesLeaky(TrainConfig c) =>
        c.Activation == Activation.LeakyRelu || (c.OutputActivation == Activation.LeakyRelu && c.Loss is Engine.Loss.Quadratic or Engine.Loss.Absolute or Engine.Loss.Hinge);

    public bool Equals(Architecture? other) => other is not null && Key == other.Key;
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Key;

    private string BuildKey()
    {
        var inv = CultureInfo.InvariantCulture;
        var widths = string.Join(",", Layout.Sizes.Select(s => s.ToString(inv)));
        var output = Loss.FoldsOutput ? "" : " " + Name(Loss.OutputActivation);
        var leaky = Loss.LeakySlope != 0 ? string.Create(inv, $" slope {Loss.LeakySlope:R}") : "";
        return $"[{widths}] {Name(Hidden)} ->{output} {Name(Loss.Loss)}{leaky}";
    }

    private static string Name<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
