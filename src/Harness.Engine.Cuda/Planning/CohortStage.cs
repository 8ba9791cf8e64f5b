using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// One stage of the network as cohort_epoch runs it: a dense layer, a convolution or a pooling layer (flatten
/// layers are no stage: activations are stored channels-last, so a dense layer reads an image as it lies). Shapes
/// are channels x height x width of one example (a vector of N values is N x 1 x 1), as <see cref="PlannedLayer"/>
/// has them; <paramref name="Size"/>, <paramref name="Stride"/> and the paddings are a convolution's or pooling's.
/// </summary>
public sealed record CohortStage(StageKind Kind, ImageShape In, ImageShape Out, int Size = 1, int Stride = 1, int PadTop = 0, int PadLeft = 0)
{
    /// <summary>True for the stages that hold parameters (dense, convolution).</summary>
    public bool Weighted => Kind is StageKind.Dense or StageKind.Conv;

    /// <summary>Weights of one member: out x in for a dense layer, filters x size·size·channels for a convolution.</summary>
    public long Weights => Kind switch
    {
        StageKind.Dense => (long)In.Size * Out.Size,
        StageKind.Conv => (long)Out.Channels * Size * Size * In.Channels,
        _ => 0,
    };

    /// <summary>Biases of one member: one per unit or filter.</summary>
    public long Biases => Weighted ? Out.Channels : 0;

    /// <summary>The stages of <paramref name="architecture"/>, input side first, the dense output layer last.</summary>
    public static IReadOnlyList<CohortStage> Of(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var input = architecture.InputShape;
        ImageShape? shape = input.Length == 3 ? new ImageShape(input[0], input[1], input[2]) : null;
        var plan = LayerPlan.Build([.. architecture.Layers.Take(architecture.Layers.Count - 1)], shape, architecture.Inputs, architecture.Outputs);
        return [.. plan.Layers.Where(l => l.Spec is not FlattenLayer).Select(Of)];
    }

    /// <summary>Dense stages of these widths, input to output (a plain MLP).</summary>
    public static IReadOnlyList<CohortStage> Dense(IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return [.. Enumerable.Range(0, sizes.Count - 1).Select(l => new CohortStage(StageKind.Dense, new ImageShape(sizes[l], 1, 1), new ImageShape(sizes[l + 1], 1, 1)))];
    }

    private static CohortStage Of(PlannedLayer layer) => layer.Spec switch
    {
        DenseLayer => new CohortStage(StageKind.Dense, Flat(layer.In), layer.Out),
        ConvLayer c => new CohortStage(StageKind.Conv, layer.In, layer.Out, c.Size, c.Stride, layer.PadTop, layer.PadLeft),
        PoolLayer p => new CohortStage(p.Kind == PoolKind.Max ? StageKind.MaxPool : StageKind.AvgPool, layer.In, layer.Out, p.Size, p.Stride),
        _ => throw new ArgumentException($"the CUDA engine has no stage for {layer.Spec.Text}"),
    };

    // A dense layer reads its input as one vector, whatever shape the stage below left.
    private static ImageShape Flat(ImageShape s) => new(s.Size, 1, 1);
}
