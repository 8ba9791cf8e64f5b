using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// A per-layer knob: one setting of one layer of <c>base.layers</c>, searched like any other knob. Its name is
/// <c>layers[INDEX].KIND.FIELD</c> (<c>layers[0].conv.filters</c>, <c>layers[0].conv.size</c>,
/// <c>layers[1].max_pool.stride</c>) or, for the layers written as one number, <c>layers[INDEX].KIND</c>:
/// <c>layers[4].dense</c> is the number of units and <c>layers[1].max_pool</c> the window size with the stride
/// equal to it, as <c>{"max_pool": 3}</c> writes them. A pool's <c>size</c> or <c>stride</c> alone keeps the
/// other setting of the base layer. <see cref="ExperimentFile"/> checks the name against <c>base.layers</c>
/// (see <c>LayerKnobCheck</c>); <see cref="ConfigResolver"/> applies the value with <see cref="Set"/>.
/// </summary>
public sealed partial record LayerKnob(int Index, string Kind, string? Field)
{
    /// <summary>How every layer knob's name starts.</summary>
    public const string Prefix = "layers[";

    /// <summary>The name forms, for messages.</summary>
    public const string Forms = "layers[INDEX].KIND.FIELD or layers[INDEX].KIND, e.g. layers[0].conv.filters, layers[0].conv.size, layers[1].max_pool, layers[4].dense";

    /// <summary>The searchable settings of a conv layer.</summary>
    public static readonly IReadOnlyList<string> ConvFields = ["filters", "size", "stride", "padding"];

    /// <summary>The searchable settings of a pooling layer besides its one-number form (size = stride).</summary>
    public static readonly IReadOnlyList<string> PoolFields = ["size", "stride"];

    [GeneratedRegex(@"^layers\[(\d{1,6})\]\.([A-Za-z_]+)(?:\.([A-Za-z_]+))?$")]
    private static partial Regex Grammar();

    /// <summary>The knob's name as written in <c>search.space</c>, e.g. <c>layers[0].conv.filters</c>.</summary>
    public string Name => $"layers[{Index.ToString(CultureInfo.InvariantCulture)}].{Kind}" + (Field is null ? "" : "." + Field);

    /// <summary>True for <c>padding</c>, the one setting whose values are names ("valid", "same"), not integers.</summary>
    public bool TakesNames => Field == "padding";

    /// <summary>What the knob sets, for messages: e.g. "an integer >= 1 (the number of kernels)".</summary>
    public string Allowed => (Kind, Field) switch
    {
        (_, "padding") => "\"valid\" or \"same\"",
        ("conv", "filters") => "an integer >= 1 (the number of kernels)",
        ("conv", "size") => "an integer >= 1 (the kernel's width and height in pixels)",
        (_, "stride") => "an integer >= 1 (pixels the window moves)",
        ("dense", null) => "an integer >= 1 (the number of units)",
        (_, null) => "an integer >= 1 (the window size, and its stride)",
        _ => "an integer >= 1 (the window size in pixels)",
    };

    /// <summary>True when <paramref name="name"/> is meant as a layer knob (it starts with <c>layers[</c>).</summary>
    public static bool Looks(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The knob <paramref name="name"/> spells, or null when it does not follow <see cref="Forms"/>.</summary>
    public static LayerKnob? Parse(string name)
    {
        var m = Grammar().Match(name);
        if (!m.Success) return null;
        return new LayerKnob(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value,
            m.Groups[3].Success ? m.Groups[3].Value : null);
    }

    /// <summary>The kind of a layer as JSON spells it: conv, max_pool, avg_pool, dense or flatten.</summary>
    public static string KindOf(LayerSpec layer) => layer switch
    {
        ConvLayer => "conv",
        PoolLayer { Kind: PoolKind.Max } => "max_pool",
        PoolLayer => "avg_pool",
        DenseLayer => "dense",
        _ => "flatten",
    };

    /// <summary>Every knob layer <paramref name="index"/> offers, e.g. layers[1].max_pool, layers[1].max_pool.size, layers[1].max_pool.stride.</summary>
    public static IReadOnlyList<LayerKnob> For(int index, LayerSpec layer) => KindOf(layer) switch
    {
        "conv" => [.. ConvFields.Select(f => new LayerKnob(index, "conv", f))],
        "max_pool" or "avg_pool" => [new(index, KindOf(layer), null), .. PoolFields.Select(f => new LayerKnob(index, KindOf(layer), f))],
        "dense" => [new(index, "dense", null)],
        _ => [],
    };

    /// <summary>
    /// Sets the knob to <paramref name="json"/> in a configuration serialized as JSON (<paramref name="config"/>,
    /// its <c>layers</c> as <see cref="LayerSpecJson"/> writes them). A value of the wrong type is left for the
    /// layer converter to refuse; a missing layer or one of another kind throws <see cref="JsonException"/>.
    /// </summary>
    public void Set(JsonObject config, string json)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config["layers"] is not JsonArray layers || Index >= layers.Count)
            throw new JsonException($"{Name}: the configuration has no layer {Index} (base.layers holds the layers a layer knob changes)");
        if (layers[Index] is not JsonObject layer || layer[Kind] is not { } settings)
            throw new JsonException($"{Name}: layer {Index} is not a {Kind} layer");
        var value = JsonNode.Parse(json);
        if (Field is null)
        {
            layer[Kind] = value;
            return;
        }
        if (settings is not JsonObject fields)
        {
            if (Kind is not ("max_pool" or "avg_pool")) throw new JsonException($"{Name}: a {Kind} layer has no setting '{Field}'");
            fields = new JsonObject { ["size"] = settings.DeepClone(), ["stride"] = settings.DeepClone() }; // {"max_pool": 2} is size 2, stride 2
            layer[Kind] = fields;
        }
        fields[Field] = value;
    }
}
