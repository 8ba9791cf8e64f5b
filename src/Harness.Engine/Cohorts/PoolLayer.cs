using System.Globalization;

namespace Harness.Engine;

/// <summary>
/// Max or average pooling over <paramref name="Size"/> x <paramref name="Size"/> windows moved by
/// <paramref name="Stride"/> (whole windows only, per channel). JSON: <c>{"max_pool": 2}</c> (stride = size) or
/// <c>{"avg_pool": {"size": 3, "stride": 2}}</c>.
/// </summary>
public sealed record PoolLayer(PoolKind Kind, int Size, int Stride) : LayerSpec
{
    public override string Text => $"{(Kind == PoolKind.Max ? "max" : "avg")} pool {Size}" + (Stride != Size ? $" stride {Stride}" : "");

    /// <summary>e.g. <c>p2</c> (max), <c>a2</c> (average), <c>p3s2</c>.</summary>
    public override string Label => string.Create(CultureInfo.InvariantCulture,
        $"{(Kind == PoolKind.Max ? "p" : "a")}{Size}{(Stride != Size ? $"s{Stride}" : "")}");
}
