using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Engine;

/// <summary>
/// JSON form of a <see cref="LayerSpec"/>: <c>{"conv": {"filters": 32, "size": 5, "stride": 1, "padding": "same"}}</c>,
/// <c>{"max_pool": 2}</c>, <c>{"avg_pool": {"size": 3, "stride": 2}}</c>, <c>{"dense": 1024}</c>, <c>"flatten"</c>.
/// Writes every conv field (so a spec hash does not depend on which defaults a file spelled out). Numbers are
/// range-checked by <see cref="ConfigValidator"/>, which names the field (<c>layers[0].conv.filters</c>).
/// </summary>
public sealed class LayerSpecJson : JsonConverter<LayerSpec>
{
    /// <summary>Layer kinds as spelled in JSON.</summary>
    public const string Kinds = "conv, max_pool, avg_pool, flatten, dense";
    private const string Forms = "{\"conv\": {\"filters\": 32, \"size\": 5}}, {\"max_pool\": 2}, {\"avg_pool\": 2}, \"flatten\" or {\"dense\": 1024}";
    private static readonly string[] ConvFields = ["filters", "size", "stride", "padding"];
    private static readonly string[] PoolFields = ["size", "stride"];

    public override LayerSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString() == "flatten" ? new FlattenLayer() : throw new JsonException($"layer \"{reader.GetString()}\" is not allowed; a layer is {Forms}");
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"a layer is {Forms}");
        using var doc = JsonDocument.ParseValue(ref reader);
        var props = doc.RootElement.EnumerateObject().ToList();
        if (props.Count != 1) throw new JsonException($"a layer object has exactly one key, the kind ({Kinds}); got {props.Count}");
        var (kind, value) = (props[0].Name, props[0].Value);
        return kind switch
        {
            "dense" => new DenseLayer(Int(value, "dense", "the number of units")),
            "conv" => Conv(value),
            "max_pool" => Pool(PoolKind.Max, value, kind),
            "avg_pool" => Pool(PoolKind.Avg, value, kind),
            "flatten" when value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().Any() => new FlattenLayer(),
            "flatten" => throw new JsonException("flatten takes no settings: write \"flatten\" or {\"flatten\": {}}"),
            _ => throw new JsonException($"unknown layer kind '{kind}'; allowed: {Kinds}"),
        };
    }

    private static ConvLayer Conv(JsonElement el)
    {
        if (el.ValueKind != JsonValueKind.Object) throw new JsonException("conv needs an object: {\"filters\": 32, \"size\": 5, \"stride\": 1, \"padding\": \"valid\" | \"same\"}");
        Unknown(el, "conv", ConvFields);
        if (!el.TryGetProperty("filters", out var f)) throw new JsonException("conv.filters: missing; the number of kernels (output channels), e.g. 32");
        if (!el.TryGetProperty("size", out var s)) throw new JsonException("conv.size: missing; the kernel's width and height in pixels, e.g. 5");
        int stride = el.TryGetProperty("stride", out var st) ? Int(st, "conv.stride", "pixels the kernel moves") : 1;
        var padding = Padding.Valid;
        if (el.TryGetProperty("padding", out var p))
            padding = p.ValueKind == JsonValueKind.String && p.GetString() is "valid" or "same"
                ? (p.GetString() == "same" ? Padding.Same : Padding.Valid)
                : throw new JsonException($"conv.padding: {p.GetRawText()} is not allowed; allowed: \"valid\", \"same\"");
        return new ConvLayer(Int(f, "conv.filters", "the number of kernels"), Int(s, "conv.size", "the kernel size in pixels"), stride, padding);
    }

    private static PoolLayer Pool(PoolKind kind, JsonElement el, string name)
    {
        if (el.ValueKind == JsonValueKind.Number)
        {
            int size = Int(el, name, "the window size");
            return new PoolLayer(kind, size, size);
        }
        if (el.ValueKind != JsonValueKind.Object) throw new JsonException($"{name}: {el.GetRawText()} is not allowed; a window size (2) or {{\"size\": 3, \"stride\": 2}}");
        Unknown(el, name, PoolFields);
        if (!el.TryGetProperty("size", out var s)) throw new JsonException($"{name}.size: missing; the window size in pixels, e.g. 2");
        int sz = Int(s, name + ".size", "the window size");
        return new PoolLayer(kind, sz, el.TryGetProperty("stride", out var st) ? Int(st, name + ".stride", "pixels the window moves") : sz);
    }

    private static void Unknown(JsonElement el, string name, string[] allowed)
    {
        foreach (var p in el.EnumerateObject())
            if (!allowed.Contains(p.Name)) throw new JsonException($"{name}.{p.Name}: unknown field; allowed: {string.Join(", ", allowed)}");
    }

    private static int Int(JsonElement el, string field, string what) =>
        el.ValueKind == JsonValueKind.Number && el.TryGetInt32(out var v) ? v
            : throw new JsonException($"{field}: {el.GetRawText()} is not allowed; an integer ({what})");

    public override void Write(Utf8JsonWriter writer, LayerSpec value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case FlattenLayer: writer.WriteStringValue("flatten"); return;
            case DenseLayer d:
                writer.WriteStartObject(); writer.WriteNumber("dense", d.Units); writer.WriteEndObject(); return;
            case ConvLayer c:
                writer.WriteStartObject();
                writer.WriteStartObject("conv");
                writer.WriteNumber("filters", c.Filters); writer.WriteNumber("size", c.Size); writer.WriteNumber("stride", c.Stride);
                writer.WriteString("padding", c.Padding == Padding.Same ? "same" : "valid");
                writer.WriteEndObject();
                writer.WriteEndObject();
                return;
            case PoolLayer p:
                writer.WriteStartObject();
                var name = p.Kind == PoolKind.Max ? "max_pool" : "avg_pool";
                if (p.Stride == p.Size) writer.WriteNumber(name, p.Size);
                else
                {
                    writer.WriteStartObject(name);
                    writer.WriteNumber("size", p.Size); writer.WriteNumber("stride", p.Stride);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
                return;
            default: throw new JsonException($"cannot write layer {value.GetType().Name}");
        }
    }
}
