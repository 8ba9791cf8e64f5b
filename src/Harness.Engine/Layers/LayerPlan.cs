using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// A layer list laid over an input shape: every layer's input and output shape, padding and parameter block,
/// and the flat parameter layout they make. Building it is where shapes are checked: a kernel or pooling window
/// larger than its input, or a layer that leaves nothing, is refused with a message naming the layer
/// (<c>layers[2]</c>) and what is allowed.
/// </summary>
public sealed class LayerPlan
{
    private LayerPlan(ImageShape input, List<PlannedLayer> layers, ParameterLayout layout)
    {
        Input = input;
        Layers = layers;
        Layout = layout;
    }

    /// <summary>Shape of one input example (a vector of N features is N x 1 x 1).</summary>
    public ImageShape Input { get; }
    /// <summary>Hidden layers as configured (flatten included), then the output layer.</summary>
    public IReadOnlyList<PlannedLayer> Layers { get; }
    public ParameterLayout Layout { get; }
    public int Inputs => Input.Size;
    public int Outputs => Layers[^1].Out.Size;

    /// <summary>
    /// Plans <paramref name="hidden"/> plus a dense output layer of <paramref name="outputs"/> units over examples
    /// of <paramref name="shape"/> (null: plain vectors of <paramref name="inputs"/> features). Throws
    /// <see cref="ArgumentException"/> listing every problem.
    /// </summary>
    public static LayerPlan Build(IReadOnlyList<LayerSpec> hidden, ImageShape? shape, int inputs, int outputs)
    {
        var problems = new List<string>();
        var plan = TryBuild(hidden, shape, inputs, outputs, problems);
        if (plan is null) throw new ArgumentException(string.Join("\n  ", problems));
        return plan;
    }

    /// <summary>The problems <see cref="Build"/> would report; empty when the layers fit the input.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<LayerSpec> hidden, ImageShape? shape, int inputs, int outputs)
    {
        var problems = new List<string>();
        TryBuild(hidden, shape, inputs, outputs, problems);
        return problems;
    }

    private static LayerPlan? TryBuild(IReadOnlyList<LayerSpec> hidden, ImageShape? shape, int inputs, int outputs, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var input = shape ?? new ImageShape(inputs, 1, 1);
        if (input.Size != inputs) problems.Add($"input: image shape {input} holds {input.Size} values, the data has {inputs} features");
        var layers = new List<PlannedLayer>();
        var blocks = new List<ParameterBlock>();
        var current = input;
        for (int i = 0; i < hidden.Count && problems.Count == 0; i++)
        {
            var field = $"layers[{i}]";
            var next = Plan(hidden[i], current, field, shape is not null, blocks, problems);
            if (next is null) break;
            layers.Add(next);
            current = next.Out;
        }
        if (problems.Count > 0) return null;
        if (outputs < 1) { problems.Add($"output: {outputs} units; the data needs at least one output"); return null; }
        blocks.Add(new ParameterBlock(current.Size * outputs, outputs, current.Size, outputs));
        layers.Add(new PlannedLayer(new DenseLayer(outputs), current, new ImageShape(outputs, 1, 1), blocks.Count - 1) { IsOutput = true });
        return new LayerPlan(input, layers, ParameterLayout.ForBlocks(blocks));
    }

    private static PlannedLayer? Plan(LayerSpec spec, ImageShape x, string field, bool image, List<ParameterBlock> blocks, List<string> problems)
    {
        switch (spec)
        {
            case DenseLayer d:
                if (d.Units < 1) { problems.Add($"{field}.dense: {d.Units} must be >= 1"); return null; }
                blocks.Add(new ParameterBlock(x.Size * d.Units, d.Units, x.Size, d.Units));
                return new PlannedLayer(d, x, new ImageShape(d.Units, 1, 1), blocks.Count - 1);
            case FlattenLayer f:
                return new PlannedLayer(f, x, new ImageShape(x.Size, 1, 1), -1);
            case ConvLayer c:
                {
                    if (!image) { problems.Add($"{field}: {c.Text} needs image data, and the dataset holds plain feature vectors (no image shape); use dense layers"); return null; }
                    if (c.Filters < 1 || c.Size < 1 || c.Stride < 1) { problems.Add($"{field}.conv: filters {c.Filters}, size {c.Size}, stride {c.Stride}: each must be >= 1"); return null; }
                    if (c.Padding == Padding.Valid && (c.Size > x.Height || c.Size > x.Width))
                    {
                        problems.Add($"{field}.conv.size: a {c.Size}x{c.Size} kernel is larger than its {x.Height}x{x.Width} input (padding valid); allowed: size <= {Math.Min(x.Height, x.Width)}, or padding \"same\"");
                        return null;
                    }
                    var (oh, padTop) = Extent(x.Height, c.Size, c.Stride, c.Padding);
                    var (ow, padLeft) = Extent(x.Width, c.Size, c.Stride, c.Padding);
                    int fan = c.Size * c.Size * x.Channels;
                    blocks.Add(new ParameterBlock(c.Filters * fan, c.Filters, fan, c.Filters * c.Size * c.Size));
                    return new PlannedLayer(c, x, new ImageShape(c.Filters, oh, ow), blocks.Count - 1, padTop, padLeft);
                }
            case PoolLayer p:
                {
                    var name = p.Kind == PoolKind.Max ? "max_pool" : "avg_pool";
                    if (!image) { problems.Add($"{field}: {name} needs image data, and the dataset holds plain feature vectors (no image shape); use dense layers"); return null; }
                    if (p.Size < 1 || p.Stride < 1) { problems.Add($"{field}.{name}: size {p.Size}, stride {p.Stride}: each must be >= 1"); return null; }
                    if (p.Size > x.Height || p.Size > x.Width)
                    {
                        problems.Add($"{field}.{name}: a {p.Size}x{p.Size} window leaves nothing of its {x.Height}x{x.Width} input; allowed: size <= {Math.Min(x.Height, x.Width)} (or remove a pooling layer before it)");
                        return null;
                    }
                    var out_ = new ImageShape(x.Channels, (x.Height - p.Size) / p.Stride + 1, (x.Width - p.Size) / p.Stride + 1);
                    return new PlannedLayer(p, x, out_, -1);
                }
            default:
                problems.Add($"{field}: unknown layer {spec.GetType().Name}");
                return null;
        }
    }

    /// <summary>Output length and leading padding along one axis (TensorFlow's rule for same: ceil(n / stride), extra padding at the end).</summary>
    private static (int Out, int PadBefore) Extent(int n, int k, int stride, Padding padding)
    {
        if (padding == Padding.Valid) return ((n - k) / stride + 1, 0);
        int o = (n + stride - 1) / stride;
        int total = Math.Max((o - 1) * stride + k - n, 0);
        return (o, total / 2);
    }
}
