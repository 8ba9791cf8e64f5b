using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Engine;

/// <summary>
/// Reads the compact layer labels that <see cref="LayerSpec.LabelOf"/> writes, e.g. <c>c32k5same-p2-c64k5s2-a2-f-d1024</c>:
/// c F k K [s S] [same] = convolution, p S [s T] = max pooling, a S [s T] = average pooling, f = flatten, d N = dense.
/// </summary>
public static partial class LayerLabels
{
    /// <summary>What a label may hold, for messages.</summary>
    public const string Rule = "labels joined by '-': cFkK (conv F filters KxK; add sS for stride S, 'same' for same padding), pS (max pool SxS; sT for stride T), aS (average pool), f (flatten), dN (dense N), e.g. c6k5same-p2-c16k5-p2-d120";

    [GeneratedRegex(@"^c(\d+)k(\d+)(?:s(\d+))?(same)?$")]
    private static partial Regex Conv();

    [GeneratedRegex(@"^([pa])(\d+)(?:s(\d+))?$")]
    private static partial Regex Pool();

    [GeneratedRegex(@"^d(\d+)$")]
    private static partial Regex Dense();

    /// <summary>The layers of <paramref name="label"/>; FormatException naming the first token that is not a layer.</summary>
    public static LayerSpec[] Parse(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var tokens = label.Trim().Split('-');
        var layers = new LayerSpec[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i].Trim().ToLowerInvariant();
            if (Conv().Match(t) is { Success: true } c)
                layers[i] = new ConvLayer(Int(c, 1, t), Int(c, 2, t), c.Groups[3].Success ? Int(c, 3, t) : 1, c.Groups[4].Success ? Padding.Same : Padding.Valid);
            else if (Pool().Match(t) is { Success: true } p)
            {
                int size = Int(p, 2, t);
                layers[i] = new PoolLayer(p.Groups[1].Value == "p" ? PoolKind.Max : PoolKind.Avg, size, p.Groups[3].Success ? Int(p, 3, t) : size);
            }
            else if (t == "f") layers[i] = new FlattenLayer();
            else if (Dense().Match(t) is { Success: true } d) layers[i] = new DenseLayer(Int(d, 1, t));
            else throw new FormatException($"'{tokens[i]}' (layer {i + 1} of '{label}') is not a layer; use {Rule}");
        }
        return layers;
    }

    private static int Int(Match m, int group, string token) =>
        int.TryParse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"'{token}': {m.Groups[group].Value} is too large");
}
