using System.Globalization;

namespace Harness.Engine;

/// <summary>
/// A 2-D convolution: <paramref name="Filters"/> kernels of <paramref name="Size"/> x <paramref name="Size"/> x
/// channels sliding over the image with <paramref name="Stride"/>, each adding a bias; the hidden activation follows.
/// JSON: <c>{"conv": {"filters": 32, "size": 5, "stride": 1, "padding": "same"}}</c> (stride 1 and padding valid by default).
/// </summary>
public sealed record ConvLayer(int Filters, int Size, int Stride = 1, Padding Padding = Padding.Valid) : LayerSpec
{
    public override string Text => $"conv {Filters} {Size}x{Size}" + (Stride != 1 ? $" stride {Stride}" : "") + (Padding == Padding.Same ? " same" : "");

    /// <summary>e.g. <c>c32k5</c>, <c>c64k3s2same</c>.</summary>
    public override string Label => string.Create(CultureInfo.InvariantCulture,
        $"c{Filters}k{Size}{(Stride != 1 ? $"s{Stride}" : "")}{(Padding == Padding.Same ? "same" : "")}");
}
