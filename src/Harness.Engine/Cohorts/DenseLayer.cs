namespace Harness.Engine;

/// <summary>A fully connected layer of <paramref name="Units"/> outputs: y = x·Wᵀ + b. JSON: <c>{"dense": 1024}</c>.</summary>
public sealed record DenseLayer(int Units) : LayerSpec
{
    public override string Text => $"dense {Units}";
    public override string Label => $"d{Units}";
}
