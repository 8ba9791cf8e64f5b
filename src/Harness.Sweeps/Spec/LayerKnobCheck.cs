using System.Globalization;
using System.Text.Json;
using Harness.Data;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// Checks the per-layer knobs of a search space (<see cref="LayerKnob"/>) when an experiment file is read: the
/// name against <c>base.layers</c> (the index exists, the layer is of that kind, the setting is one it has), the
/// values (type, range and, for MNIST, that each fits the images with the other layers as in base), and the knobs
/// together (no two set one setting; every combination fits). Each message names the JSON path and what is allowed.
/// </summary>
internal static class LayerKnobCheck
{
    /// <summary>The knob <paramref name="name"/> names, or null after adding why it names none of base.layers' settings.</summary>
    public static LayerKnob? Name(string name, string path, TrainConfig baseConfig, bool wholeLists, List<string> errors)
    {
        var offered = Offered(baseConfig);
        var knob = LayerKnob.Parse(name);
        if (knob is null)
        {
            errors.Add($"{path}: not a layer knob{NearestName.Hint(name, offered)}; write {LayerKnob.Forms}{Offered(offered)}");
            return null;
        }
        if (wholeLists)
        {
            errors.Add($"{path}: cannot be combined with search.space.layers (whole layer lists); search either whole lists or settings of base.layers, not both");
            return null;
        }
        if (baseConfig.Layers is not { Length: > 0 } layers)
        {
            errors.Add($"{path}: base.layers is {(baseConfig.Layers is null ? "not set" : "empty")}, so there is no layer {knob.Index} to change; a layer knob varies one setting of a layer of base.layers (set base.layers, or search whole lists with search.space.layers)");
            return null;
        }
        if (knob.Index >= layers.Length)
        {
            errors.Add($"{path}: base.layers has {layers.Length} layer{(layers.Length == 1 ? "" : "s")}, so there is no layers[{knob.Index}]; allowed: an index in [0, {layers.Length - 1}]{Offered(offered)}");
            return null;
        }
        var layer = layers[knob.Index];
        var kind = LayerKnob.KindOf(layer);
        var own = LayerKnob.For(knob.Index, layer).Select(k => k.Name).ToList();
        if (kind == "flatten")
        {
            errors.Add($"{path}: base.layers[{knob.Index}] is a flatten layer, which has no settings to search{Offered(offered)}");
            return null;
        }
        if (knob.Kind != kind)
        {
            errors.Add($"{path}: base.layers[{knob.Index}] is a {kind} layer ({layer.Label}), not {knob.Kind}{NearestName.Hint(name, own)}; allowed for it: {string.Join(", ", own)}");
            return null;
        }
        if (!own.Contains(knob.Name))
        {
            var what = knob.Field is null ? $"a {kind} layer has several settings; name one" : $"'{knob.Field}' is not a setting of a {kind} layer{NearestName.Hint(name, own)}";
            errors.Add($"{path}: {what}; allowed: {string.Join(", ", own)}{(kind == "dense" ? " (its number of units)" : "")}");
            return null;
        }
        return knob;
    }

    /// <summary>The names of every layer knob base.layers offers, input side first (none without base.layers).</summary>
    public static IReadOnlyList<string> Offered(TrainConfig? baseConfig) =>
        baseConfig?.Layers is { } layers ? [.. layers.SelectMany((l, i) => LayerKnob.For(i, l)).Select(k => k.Name)] : [];

    private static string Offered(IReadOnlyList<string> offered) =>
        offered.Count == 0 ? "" : $"; base.layers offers: {string.Join(", ", offered)}";

    /// <summary>Checks every value of <paramref name="d"/> (list entries; range ends); false after adding the problems.</summary>
    public static bool Values(LayerKnob knob, Distribution d, string path, TrainConfig baseConfig, DatasetSpec? dataset, List<string> errors)
    {
        IEnumerable<(string Path, string Value)> probes;
        switch (d)
        {
            case ChoiceDistribution c:
                probes = c.Values.Select((v, i) => ($"{path}[{i}]", v));
                break;
            case IntDistribution r when !knob.TakesNames:
                probes = [($"{path}.int[0]", Text(r.Low)), ($"{path}.int[1]", Text(r.High))];
                break;
            default:
                errors.Add($"{path}: {knob.Name} takes {knob.Allowed}, so it needs a list of {(knob.TakesNames ? "them" : "integers or an int range")}, not {d.ToJson().ToJsonString()}");
                return false;
        }
        var fits = Fits(baseConfig, dataset);
        bool ok = true;
        foreach (var (p, value) in probes)
        {
            var problem = Problem(knob, value, baseConfig, fits ? dataset : null);
            if (problem is null) continue;
            errors.Add($"{p}: {value} is not allowed{problem}");
            ok = false;
        }
        return ok;
    }

    /// <summary>Why one value is refused (" (reason)" or "; what is allowed"), or null when it is fine.</summary>
    private static string? Problem(LayerKnob knob, string value, TrainConfig baseConfig, DatasetSpec? dataset)
    {
        TrainConfig resolved;
        try { resolved = ConfigResolver.Apply(baseConfig, [new(knob.Name, value)]); }
        catch (JsonException) { return $"; {knob.Name} takes {knob.Allowed}"; }
        var prefix = $"layers[{knob.Index}].";
        if (ConfigValidator.Validate(resolved).FirstOrDefault(m => m.StartsWith(prefix, StringComparison.Ordinal)) is { } invalid)
            return $" ({invalid})";
        if (dataset?.KnownImages is { } known && LayerPlan.Check(resolved.Layers!, known.Shape, known.Shape.Size, known.Classes) is [var shape, ..])
            return $": with the other layers as in base it does not fit {dataset.Name} images {known.Shape}: {shape}";
        return null;
    }

    /// <summary>True when the dataset's image shape is known and base.layers fits it (else shape problems are base's, reported elsewhere).</summary>
    private static bool Fits(TrainConfig baseConfig, DatasetSpec? dataset) =>
        dataset?.KnownImages is { } known && baseConfig.Layers is { } layers
        && LayerPlan.Check(layers, known.Shape, known.Shape.Size, known.Classes).Count == 0;

    /// <summary>
    /// The layer knobs together: a pool's one-number knob excludes its size and stride knobs, and, for a dataset of
    /// known image shape, the combination with every kernel, stride and window at its largest (and padding valid
    /// when listed) must fit; output sizes only shrink as these grow, so then every combination fits.
    /// </summary>
    public static void Together(IReadOnlyCollection<KeyValuePair<string, Distribution>> knobs, TrainConfig baseConfig, DatasetSpec? dataset, List<string> errors)
    {
        var layerKnobs = knobs.Select(k => (Knob: LayerKnob.Parse(k.Key), D: k.Value)).Where(k => k.Knob is not null).Select(k => (Knob: k.Knob!, k.D)).ToList();
        if (layerKnobs.Count == 0) return;
        int before = errors.Count;
        foreach (var (knob, _) in layerKnobs.Where(k => k.Knob.Field is not null))
            if (layerKnobs.Any(k => k.Knob.Index == knob.Index && k.Knob.Kind == knob.Kind && k.Knob.Field is null && knob.Kind != "conv"))
                errors.Add($"search.space.{knob.Name}: cannot be combined with search.space.layers[{knob.Index}].{knob.Kind}, which sets the window size and stride together; search either layers[{knob.Index}].{knob.Kind} or its size and stride");
        if (errors.Count > before || !Fits(baseConfig, dataset)) return;
        var largest = layerKnobs.Where(k => k.Knob.Field is not "filters" && k.Knob.Kind != "dense")
            .Select(k => new KeyValuePair<string, string>(k.Knob.Name, Largest(k.D))).ToList();
        if (largest.Count < 2) return; // one knob alone: every value was checked against base
        var known = dataset!.KnownImages!.Value;
        var layers = ConfigResolver.Apply(baseConfig, largest).Layers!;
        if (LayerPlan.Check(layers, known.Shape, known.Shape.Size, known.Classes) is [var problem, ..])
            errors.Add($"search.space: the combination {string.Join(", ", largest.Select(a => $"{a.Key}={TrialPlanner.ParamText(a.Value)}"))} " +
                       $"(the largest kernels, strides and windows the space holds) does not fit {dataset.Name} images {known.Shape}: {problem}; " +
                       "every combination of the space must fit (use smaller values or padding \"same\")");
    }

    /// <summary>The value that shrinks the layer's output most: the largest integer, or "valid" among paddings.</summary>
    private static string Largest(Distribution d) => d switch
    {
        IntDistribution r => Text(r.High),
        ChoiceDistribution c when c.Values.Contains("\"valid\"") => "\"valid\"",
        ChoiceDistribution c when c.Values.All(v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) =>
            c.Values.MaxBy(v => int.Parse(v, CultureInfo.InvariantCulture))!,
        ChoiceDistribution c => c.Values[0],
        _ => throw new InvalidOperationException("layer knobs take lists or int ranges"),
    };

    private static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);
}
