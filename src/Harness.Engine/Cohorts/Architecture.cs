using System.Globalization;

namespace Harness.Engine;

/// <summary>
/// The shape of a network, shared by every member of a cohort: input shape, layers (the last one is the output
/// layer), hidden activation, output activation and loss. Everything else in a <see cref="TrainConfig"/> is a
/// per-member setting. Two architectures are equal when their <see cref="Key"/> texts are equal.
/// </summary>
public sealed record Architecture
{
    private Architecture(int[] inputShape, LayerSpec[] layers, Activation hidden, LossSpec loss)
    {
        InputShape = inputShape;
        Layers = layers;
        Hidden = hidden;
        Loss = loss;
        Layout = new ParameterLayout([Inputs, .. layers.Cast<DenseLayer>().Select(d => d.Units)]);
        Key = BuildKey();
    }

    /// <summary>The shape of one example: [features] for vectors (images will add [channels, height, width]).</summary>
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
    public int Outputs => Layout.Sizes[^1];

    /// <summary>The architecture of <paramref name="config"/> on a dataset with these input and output widths.</summary>
    public static Architecture Of(TrainConfig config, int inputs, int outputs)
    {
        ArgumentNullException.ThrowIfNull(config);
        LayerSpec[] layers = [.. config.Hidden.Select(w => new DenseLayer(w)), new DenseLayer(outputs)];
        return new Architecture([inputs], layers, config.Activation,
            new LossSpec(config.Loss, config.Loss is Engine.Loss.SoftmaxCrossEntropy or Engine.Loss.SigmoidCrossEntropy ? Activation.Identity : config.OutputActivation,
                UsesLeaky(config) ? (float)config.LeakySlope : 0f));
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
