using System.Text.Json.Serialization;

namespace Harness.Engine;

/// <summary>
/// One layer of an <see cref="Architecture"/>, input side first: <see cref="DenseLayer"/>, <see cref="ConvLayer"/>,
/// <see cref="PoolLayer"/> or <see cref="FlattenLayer"/>. In JSON a one-key object named for the kind
/// (see <see cref="LayerSpecJson"/>).
/// </summary>
[JsonConverter(typeof(LayerSpecJson))]
public abstract record LayerSpec
{
    /// <summary>Short text for keys, e.g. <c>dense 30</c>.</summary>
    public abstract string Text { get; }

    /// <summary>Compact label for tables and figures, e.g. <c>c32k5</c>, <c>p2</c>, <c>d1024</c>.</summary>
    public abstract string Label { get; }

    /// <summary>A readable architecture label: the layers' labels joined by '-', e.g. <c>c32k5-p2-c64k5-p2-d1024</c>.</summary>
    public static string LabelOf(IEnumerable<LayerSpec> layers) => string.Join("-", layers.Select(l => l.Label));
}
