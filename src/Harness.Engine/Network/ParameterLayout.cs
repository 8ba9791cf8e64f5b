namespace Harness.Engine;

/// <summary>
/// Where each tensor lives in a model's one flat parameter buffer: W1, b1, W2, b2, ... in layer order.
/// W_l is (Out, In) row-major (one row per output unit, so a unit's incoming weights are contiguous),
/// b_l is (Out). Gradients and optimizer state use the same layout, so zeroing is one call and a
/// checkpoint is one blob. A layer-list network (convolutions) uses <see cref="ForBlocks"/>: one W, b pair per
/// parameterised layer, a convolution's W being (Filters, Size·Size·Channels).
/// </summary>
public sealed class ParameterLayout
{
    private readonly int[] _weightOffsets, _biasOffsets, _fanIn, _fanOut;

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
        _fanIn = Sizes[..^1];
        _fanOut = Sizes[1..];
    }

    private ParameterLayout(IReadOnlyList<ParameterBlock> blocks)
    {
        if (blocks.Count == 0) throw new ArgumentException("a network needs at least one parameterised layer", nameof(blocks));
        int layers = blocks.Count;
        _weightOffsets = new int[layers];
        _biasOffsets = new int[layers];
        _fanIn = new int[layers];
        _fanOut = new int[layers];
        long offset = 0;
        var named = new List<(string, Range)>();
        for (int l = 0; l < layers; l++)
        {
            var b = blocks[l];
            if (b.Weights < 1 || b.Biases < 1 || b.FanIn < 1 || b.FanOut < 1) throw new ArgumentException($"parameter block {l} ({b}) has a size below 1", nameof(blocks));
            _fanIn[l] = b.FanIn;
            _fanOut[l] = b.FanOut;
            _weightOffsets[l] = checked((int)offset);
            offset += b.Weights;
            _biasOffsets[l] = checked((int)offset);
            offset += b.Biases;
            named.Add(($"W{l + 1}", new Range(_weightOffsets[l], _biasOffsets[l])));
            named.Add(($"b{l + 1}", new Range(_biasOffsets[l], checked((int)offset))));
        }
        Count = checked((int)offset);
        Tensors = named;
        Sizes = [blocks[0].FanIn, .. blocks.Select(b => b.Biases)];
    }

    /// <summary>A layout of W, b pairs of the given sizes (layer-list networks).</summary>
    public static ParameterLayout ForBlocks(IReadOnlyList<ParameterBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return new ParameterLayout(blocks);
    }

    /// <summary>Widths from input to output (a layer-list layout: the first layer's fan-in, then each layer's bias count).</summary>
    public int[] Sizes { get; }
    /// <summary>Number of weight layers (= Sizes.Length - 1).</summary>
    public int LayerCount => _weightOffsets.Length;
    /// <summary>Total parameter count.</summary>
    public int Count { get; }
    /// <summary>Named tensors in buffer order: W1, b1, W2, b2, ...</summary>
    public IReadOnlyList<(string Name, Range Range)> Tensors { get; }

    public int InputWidth(int layer) => Sizes[layer];
    public int OutputWidth(int layer) => Sizes[layer + 1];
    /// <summary>Inputs feeding one output unit of the layer (initialisation); a dense layer's input width.</summary>
    public int FanIn(int layer) => _fanIn[layer];
    /// <summary>Outputs one input feeds (Glorot initialisation): a dense layer's output width, a convolution's filters·size².</summary>
    public int FanOut(int layer) => _fanOut[layer];
    public Range Weights(int layer) => new(_weightOffsets[layer], _biasOffsets[layer]);
    public Range Biases(int layer) => new(_biasOffsets[layer], layer + 1 < LayerCount ? _weightOffsets[layer + 1] : Count);

    /// <summary>Ranges that weight decay and L1 apply to: all weights, plus biases when <paramref name="decayBiases"/>.</summary>
    public IReadOnlyList<Range> Decayed(bool decayBiases)
    {
        if (decayBiases) return [new Range(0, Count)];
        var list = new List<Range>(LayerCount);
        for (int l = 0; l < LayerCount; l++) list.Add(Weights(l));
        return list;
    }
}
