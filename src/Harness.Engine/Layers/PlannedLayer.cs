using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// One layer of a <see cref="LayerPlan"/> with its shapes: <paramref name="In"/> and <paramref name="Out"/> are
/// channels x height x width of one example (a vector of N values is N x 1 x 1). <paramref name="Block"/> is the
/// layer's parameter block in the layout, -1 when it has none; <paramref name="PadTop"/> and
/// <paramref name="PadLeft"/> are a convolution's zero padding before the first row and column.
/// </summary>
public sealed record PlannedLayer(LayerSpec Spec, ImageShape In, ImageShape Out, int Block, int PadTop = 0, int PadLeft = 0)
{
    /// <summary>True for the network's output layer (the dense layer the plan adds).</summary>
    public bool IsOutput { get; init; }
}
