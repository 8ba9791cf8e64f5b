using System.Globalization;
using System.Text.Json;

namespace Harness.Sweeps;

/// <summary>
/// The search space as TPE's parameters, in sampling order: depth, then width (one for every layer) or one
/// parameter per layer <c>widths[1]</c>..<c>widths[max depth]</c> (a conditional space: layer i exists when
/// depth &gt;= i), then the knobs. Reads a trial's stored parameters into internal values and writes internal
/// values back as the configuration a sampler proposes (the same parameters a random search stores).
/// </summary>
internal sealed class TpeSpace
{
    private readonly SearchSpace _space;
    private readonly int _baseDepth;

    public TpeSpace(SearchSpace space, int baseDepth)
    {
        _space = space;
        _baseDepth = baseDepth;
        var dims = new List<TpeDimension>();
        if (space.Depth is { } depth) dims.Add(new(SearchSpace.DepthName, depth));
        if (space.Width is { } width) dims.Add(new(SearchSpace.WidthName, width));
        if (space.Widths is { } widths)
        {
            int max = space.Depth is { } dd ? dd.Enumerate().Max(t => int.Parse(t, CultureInfo.InvariantCulture)) : baseDepth;
            for (int i = 1; i <= max; i++) dims.Add(new(LayerName(i), widths));
        }
        dims.AddRange(space.Knobs.Select(k => new TpeDimension(k.Key, k.Value)));
        Dimensions = dims;
    }

    public IReadOnlyList<TpeDimension> Dimensions { get; }

    /// <summary>The parameter name of hidden layer <paramref name="i"/>'s width (1-based) in a per-layer space.</summary>
    public static string LayerName(int i) => $"{SearchSpace.WidthsName}[{i}]";

    /// <summary>Whether a configuration with <paramref name="values"/> so far has dimension <paramref name="dim"/> (a layer beyond its depth does not).</summary>
    public bool Has(TpeDimension dim, IReadOnlyDictionary<string, double> values)
    {
        if (!dim.Name.StartsWith(SearchSpace.WidthsName + "[", StringComparison.Ordinal)) return true;
        int layer = int.Parse(dim.Name[(SearchSpace.WidthsName.Length + 1)..^1], CultureInfo.InvariantCulture);
        return layer <= Depth(values);
    }

    /// <summary>Number of hidden layers of a configuration: its depth when searched, else the base's.</summary>
    public int Depth(IReadOnlyDictionary<string, double> values) =>
        _space.Depth is not null && values.TryGetValue(SearchSpace.DepthName, out var d)
            ? int.Parse(Dimensions[0].Decode(d), CultureInfo.InvariantCulture) : _baseDepth;

    /// <summary>Internal values of a stored trial's parameters (their text, as <see cref="TrialPlanner.ParamText"/> writes it).</summary>
    public Dictionary<string, double> Read(IReadOnlyDictionary<string, string> stored)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        string[]? layers = null;
        if (_space.Widths is not null)
        {
            if (!stored.TryGetValue(SearchSpace.HiddenName, out var hidden))
                throw new InvalidDataException("a stored trial lacks its 'hidden' parameter");
            using var doc = JsonDocument.Parse(hidden);
            layers = [.. doc.RootElement.EnumerateArray().Select(e => e.GetRawText())];
        }
        foreach (var dim in Dimensions)
        {
            if (layers is not null && dim.Name.StartsWith(SearchSpace.WidthsName + "[", StringComparison.Ordinal))
            {
                int layer = int.Parse(dim.Name[(SearchSpace.WidthsName.Length + 1)..^1], CultureInfo.InvariantCulture);
                if (layer <= layers.Length) values[dim.Name] = dim.Encode(layers[layer - 1]);
                continue;
            }
            if (!stored.TryGetValue(dim.Name, out var text))
                throw new InvalidDataException($"a stored trial lacks its '{dim.Name}' parameter");
            values[dim.Name] = dim.Encode(text);
        }
        return values;
    }

    /// <summary>Independent uniform draws of every parameter the configuration has (depth first, so it decides the layers).</summary>
    public Dictionary<string, double> Random(Random rng)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var dim in Dimensions)
            if (Has(dim, values)) values[dim.Name] = dim.Encode(TrialPlanner.ParamText(dim.Distribution.Sample(rng)));
        return values;
    }

    /// <summary>The configuration <paramref name="values"/> stand for, under key <c>{prefix}|{parameters}</c>.</summary>
    public SampledConfig ToConfig(string prefix, IReadOnlyDictionary<string, double> values)
    {
        var p = new List<KeyValuePair<string, string>>();
        var a = new List<KeyValuePair<string, string>>();
        if (_space.SearchesArchitecture)
        {
            int depth = Depth(values);
            if (_space.Depth is not null) p.Add(new(SearchSpace.DepthName, Text(SearchSpace.DepthName, values)));
            string[] widths;
            if (_space.Width is not null)
            {
                var w = Text(SearchSpace.WidthName, values);
                p.Add(new(SearchSpace.WidthName, w));
                widths = Enumerable.Repeat(w, depth).ToArray();
            }
            else widths = [.. Enumerable.Range(1, depth).Select(i => Text(LayerName(i), values))];
            var hidden = "[" + string.Join(",", widths) + "]";
            p.Add(new(SearchSpace.HiddenName, hidden));
            a.Add(new(SearchSpace.HiddenName, hidden));
        }
        foreach (var (name, _) in _space.Knobs)
        {
            var v = Text(name, values);
            p.Add(new(name, v));
            a.Add(new(name, v));
        }
        return new SampledConfig(prefix + "|" + Keys.Of(p), p, a);
    }

    private string Text(string name, IReadOnlyDictionary<string, double> values) =>
        Dimensions.First(d => d.Name == name).Decode(values[name]);
}
