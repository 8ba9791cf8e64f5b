using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// A trained network: its config, layer widths, optional input standardization and one flat parameter buffer
/// (layout W1, b1, W2, b2, ... see <see cref="ParameterLayout"/>). A layer-list network (<see cref="TrainConfig.Layers"/>,
/// e.g. a CNN) has layer sizes [inputs, outputs] and the input's image shape; its layers come from the config.
/// Saved as a small versioned header plus the float blob (<see cref="ModelFile"/>).
/// </summary>
public sealed class Model
{
    public Model(TrainConfig config, int[] layerSizes, Standardization? preprocessing, float[] parameters, ImageShape? inputShape = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (config.Layers is null)
        {
            Layout = new ParameterLayout(layerSizes);
            if (config.Hidden is null || !config.Hidden.AsSpan().SequenceEqual(layerSizes.AsSpan(1, layerSizes.Length - 2)))
                throw new ArgumentException($"layer sizes [{string.Join(", ", layerSizes)}] do not match config.hidden [{string.Join(", ", config.Hidden ?? [])}]", nameof(layerSizes));
            Spec = NetworkSpec.From(config, layerSizes[0], layerSizes[^1]);
        }
        else
        {
            if (layerSizes.Length != 2)
                throw new ArgumentException($"a layer-list model has layer sizes [inputs, outputs], not [{string.Join(", ", layerSizes)}]", nameof(layerSizes));
            Spec = NetworkSpec.From(config, layerSizes[0], layerSizes[1], inputShape);
            Layout = Spec.Layout;
        }
        if (parameters.Length != Layout.Count)
            throw new ArgumentException($"parameters hold {parameters.Length} values; layers {Describe(config, layerSizes)} need {Layout.Count}", nameof(parameters));
        if (preprocessing is not null && (preprocessing.Mean.Length != layerSizes[0] || preprocessing.Std.Length != layerSizes[0]))
            throw new ArgumentException($"preprocessing covers {preprocessing.Mean.Length} features; the network has {layerSizes[0]} inputs", nameof(preprocessing));
        Config = config;
        LayerSizes = [.. layerSizes];
        Preprocessing = preprocessing;
        Parameters = parameters;
        InputShape = inputShape;
    }

    private static string Describe(TrainConfig config, int[] sizes) =>
        config.Layers is { } layers ? LayerSpec.LabelOf(layers) : $"[{string.Join(", ", sizes)}]";

    /// <summary>The network's shape and hyperparameters (with the layer plan of a layer-list model).</summary>
    public NetworkSpec Spec { get; }
    /// <summary>Image shape of one input example, or null when the model was trained on plain feature vectors.</summary>
    public ImageShape? InputShape { get; }

    public TrainConfig Config { get; }
    /// <summary>Widths from input to output.</summary>
    public int[] LayerSizes { get; }
    /// <summary>Standardization fitted on the training split, applied to raw inputs; null when not configured.</summary>
    public Standardization? Preprocessing { get; }
    /// <summary>All weights and biases, flat.</summary>
    public float[] Parameters { get; }
    /// <summary>Where each tensor lies in <see cref="Parameters"/>.</summary>
    public ParameterLayout Layout { get; }
    /// <summary>Number of weight layers.</summary>
    public int LayerCount => Layout.LayerCount;

    /// <summary>Weights of layer <paramref name="layer"/> (0 = first): (Out, In) row-major.</summary>
    public ReadOnlySpan<float> Weights(int layer) => Parameters.AsSpan(Layout.Weights(CheckLayer(layer)));

    /// <summary>Biases of layer <paramref name="layer"/> (0 = first): (Out).</summary>
    public ReadOnlySpan<float> Biases(int layer) => Parameters.AsSpan(Layout.Biases(CheckLayer(layer)));

    private int CheckLayer(int layer) => (uint)layer < (uint)LayerCount ? layer
        : throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {LayerCount})");

    /// <summary>Output activations for one raw example (preprocessing applied): softmax probabilities, sigmoids or the output activation.</summary>
    public float[] Predict(ReadOnlySpan<float> rawInput)
    {
        if (rawInput.Length != LayerSizes[0])
            throw new ArgumentException($"input has {rawInput.Length} features; the model expects {LayerSizes[0]}", nameof(rawInput));
        var x = rawInput.ToArray();
        Preprocessing?.ApplyInPlace(x);
        using var ops = CpuEngine.InferenceOps();
        var mlp = Spec.Create(ops, 1);
        mlp.Forward(Parameters, x, 1, train: false);
        return mlp.Output(1).ToArray();
    }

    /// <summary>Values per example in the output of hidden layer <paramref name="layer"/> (see <see cref="HiddenActivations"/>).</summary>
    public int HiddenWidth(int layer)
    {
        using var ops = CpuEngine.InferenceOps();
        return Spec.Create(ops, 1).HiddenWidth(layer);
    }

    /// <summary>
    /// Hidden-layer activations (after the activation function, no dropout) for the first
    /// min(<paramref name="maxExamples"/>, data.Count) raw examples: one array per hidden layer, n x width row-major.
    /// For a layer-list model every hidden layer but flatten counts (convolution and pooling outputs are
    /// (n, H, W, C), channels-last).
    /// </summary>
    public IReadOnlyList<float[]> HiddenActivations(Dataset data, int maxExamples)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != LayerSizes[0])
            throw new ArgumentException($"dataset '{data.Name}' has {data.FeatureCount} features; the model expects {LayerSizes[0]}");
        int n = Math.Clamp(maxExamples, 0, data.Count);
        var raw = data.Features.AsSpan(0, n * data.FeatureCount).ToArray();
        if (Preprocessing is { } s)
            for (int i = 0; i < n; i++) s.ApplyInPlace(raw.AsSpan(i * data.FeatureCount, data.FeatureCount));
        using var ops = CpuEngine.InferenceOps();
        int chunk = Evaluator.ChunkSize;
        var mlp = Spec.Create(ops, chunk);
        int hidden = mlp.HiddenCount;
        var result = new float[hidden][];
        for (int h = 0; h < hidden; h++) result[h] = new float[n * mlp.HiddenWidth(h)];
        for (int first = 0; first < n; first += chunk)
        {
            int count = Math.Min(chunk, n - first);
            mlp.Forward(Parameters, raw.AsSpan(first * LayerSizes[0], count * LayerSizes[0]), count, train: false);
            for (int h = 0; h < hidden; h++)
                mlp.Hidden(h, count).CopyTo(result[h].AsSpan(first * mlp.HiddenWidth(h)));
        }
        return result;
    }

    /// <summary>The model file's bytes (see <see cref="ModelFile"/>).</summary>
    public byte[] ToBytes() => ModelFile.Write(this);

    /// <summary>Reads a model from <see cref="ToBytes"/> output; InvalidDataException when the bytes are not a valid model.</summary>
    public static Model FromBytes(byte[] bytes) => ModelFile.Read(bytes, "(bytes)");

    /// <summary>Writes the model file (creating the folder) in one step (<see cref="AtomicFile"/>).</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    /// <summary>Reads a model file; InvalidDataException naming the path when it is corrupt, truncated or another kind of file.</summary>
    public static Model Load(string path) => ModelFile.Read(File.ReadAllBytes(path), path);
}
