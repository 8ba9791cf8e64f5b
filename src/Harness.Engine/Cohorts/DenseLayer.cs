namespace Harness.Engine;

/// <summary>A fully connected layer of <paramref name="Units"/> outputs: y = x·Wᵀ + b.</summary>
public sealed record DenseLayer(int Units) : LayerSpec
{
    public override string Text => $"dense {Units}";
}
