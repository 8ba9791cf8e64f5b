using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// A trained MLP: its config, layer widths, optional input standardization and one flat parameter buffer
/// (layout W1, b1, W2, b2, ... see <see cref="ParameterLayout"/>). Saved as a small versioned header plus the
/// float blob (<see cref="ModelFile"/>).
/// </summary>
public sealed class Model
{
    public Model(TrainConfig config, int[] layerSizes, Standardization? preprocessing, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        Layout = new ParameterLayout(layerSizes);
        if (parameters.Length != Layout.Count)
            throw new ArgumentException($"parameters hold {parameters.Length} values; layers [{string.Join(", ", layerSizes)}] need {Layout.Count}", nameof(parameters));
        if (config.Hidden is null || !config.Hidden.AsSpan().SequenceEqual(layerSizes.AsSpan(1, layerSizes.Length - 2)))
            throw new ArgumentException($"layer sizes [{string.Join(", ", layerSizes)}] do not match config.hidden [{string.Join(", ", config.Hidden ?? [])}]", nameof(layerSizes));
        if (preprocessing is not null && (preprocessing.Mean.Length != layerSizes[0] || preprocessing.Std.Length != layerSizes[0]))
            throw new ArgumentException($"preprocessing covers {preprocessing.Mean.Length} features; the network has {layerSizes[0]} inputs", nameof(preprocessing));
        Config = config;
        LayerSizes = [.. layerSizes];
        Preprocessing = preprocessing;
        Parameters = parameters;
    }

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
    public int LayerCount => LayerSizes.Length - 1;

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
        var mlp = new Mlp(NetworkSpec.From(Config, LayerSizes[0], LayerSizes[^1]), ops, 1);
        mlp.Forward(Parameters, x, 1, train: false);
        return mlp.Output(1).ToArray();
    }

    /// <summary>
    /// Hidden-layer activations (after the activation function, no dropout) for the first
    /// min(<paramref name="maxExamples"/>, data.Count) raw examples: one array per hidden layer, n x width row-major.
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
        int hidden = LayerCount - 1;
        var result = new float[hidden][];
        for (int h = 0; h < hidden; h++) result[h] = new float[n * LayerSizes[h + 1]];
        using var ops = CpuEngine.InferenceOps();
        int chunk = Evaluator.ChunkSize;
        var mlp = new Mlp(NetworkSpec.From(Config, LayerSizes[0], LayerSizes[^1]), ops, chunk);
        for (int first = 0; first < n; first += chunk)
        {
            int count = Math.Min(chunk, n - first);
            mlp.Forward(Parameters, raw.AsSpan(first * LayerSizes[0], count * LayerSizes[0]), count, train: false);
            for (int h = 0; h < hidden; h++)
                mlp.Hidden(h, count).CopyTo(result[h].AsSpan(first * LayerSizes[h + 1]));
        }
        return result;
    }

    /// <summary>The model file's bytes (see <see cref="ModelFile"/>).</summary>
    public byte[] ToBytes() => ModelFile.Write(this);

    /// <summary>Reads a model from <see cref="ToBytes"/> output; InvalidDataException when the bytes are not a valid model.</summary>
    public static Model FromBytes(byte[] bytes) => ModelFile.Read(bytes, "(bytes)");

    /// <summary>Writes the model file (creating the folder), atomically via a temporary file.</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllBytes(tmp, ToBytes());
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>Reads a model file; InvalidDataException naming the path when it is corrupt, truncated or another kind of file.</summary>
    public static Model Load(string path) => ModelFile.Read(File.ReadAllBytes(path), path);
}
