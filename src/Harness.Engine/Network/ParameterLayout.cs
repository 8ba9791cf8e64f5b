namespace Harness.Engine;

/// <summary>
/// Where each tensor lives in a model's one flat parameter buffer: W1, b1, W2, b2, ... in layer order.
/// W_l is (Out, In) row-major (one row per output unit, so a unit's incoming weights are contiguous),
/// b_l is (Out). Gradients and optimizer state use the same layout, so zeroing is one call and a
/// checkpoint is one blob.
/// </summary>
public sealed class ParameterLayout
{
    private readonly int[] _weightOffsets, _biasOffsets;

    /// <param name="layerSizes">Widths from input to output; at least two entries, all >= 1.</param>
    public ParameterLayout(IReadOnlyList<int> layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Count < 2) throw new ArgumentException("a network needs at least an input and an output size", nameof(layerSizes));
        for (int i = 0; i < layerSizes.Count; i++)
            if (layerSizes[i] < 1) throw new ArgumentException($"layer size [{i}] = {layerSizes[i]} must be >= 1", nameof(layerSizes));
        Sizes = [.. layerSizes];
        int layers = Sizes.Length - 1;
        _weightOffsets = new int[layers];
        _biasOffsets = new int[layers];
        long offset = 0;
        var named = new List<(string, Range)>();
        for (int l = 0; l < layers; l++)
        {
            _weightOffsets[l] = checked((int)offset);
            offset += (long)Sizes[l] * Sizes[l + 1];
            _biasOffsets[l] = checked((int)offset);
            offset += Sizes[l + 1];
            named.Add(($"W{l + 1}", new Range(_weightOffsets[l], _biasOffsets[l])));
            named.Add(($"b{l + 1}", new Range(_biasOffsets[l], checked((int)offset))));
        }
        Count = checked((int)offset);
        Tensors = named;
    }

    /// <summary>Widths from input to output.</summary>
    public int[] Sizes { get; }
    /// <summary>Number of weight layers (= Sizes.Length - 1).</summary>
    public int LayerCount => Sizes.Length - 1;
    /// <summary>Total parameter count.</summary>
    public int Count { get; }
    /// <summary>Named tensors in buffer order: W1, b1, W2, b2, ...</summary>
    public IReadOnlyList<(string Name, Range Range)> Tensors { get; }

    public int InputWidth(int layer) => Sizes[layer];
    public int OutputWidth(int layer) => Sizes[layer + 1];
    public Range Weights(int layer) => new(_weightOffsets[layer], _biasOffsets[layer]);
    public Range Biases(int layer) => new(_biasOffsets[layer], _biasOffsets[layer] + Sizes[layer + 1]);

    /// <summary>Ranges that weight decay and L1 apply to: all weights, plus biases when <paramref name="decayBiases"/>.</summary>
    public IReadOnlyList<Range> Decayed(bool decayBiases)
    {
        if (decayBiases) return [new Range(0, Count)];
        var list = new List<Range>(LayerCount);
        for (int l = 0; l < LayerCount; l++) list.Add(Weights(l));
        return list;
    }
}
