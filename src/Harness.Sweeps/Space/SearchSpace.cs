using System.Text.Json.Nodes;

namespace Harness.Sweeps;

/// <summary>
/// What a sweep searches: engine knobs by snake_case name (<c>learning_rate</c>, <c>activation</c>,
/// <c>early_stopping.patience</c>, ...) plus the architecture dimensions <see cref="Depth"/> and either
/// <see cref="Width"/> (one width shared by every hidden layer) or <see cref="Widths"/> (each layer drawn on its
/// own: a conditional space where the number of width values follows the depth, hidden = [w1..w_depth]).
/// </summary>
public sealed record SearchSpace
{
    public const string DepthName = "depth", WidthName = "width", WidthsName = "widths", HiddenName = "hidden";

    /// <summary>Engine knobs by name, in ordinal name order.</summary>
    public IReadOnlyList<KeyValuePair<string, Distribution>> Knobs { get; init; } = [];
    public Distribution? Depth { get; init; }
    public Distribution? Width { get; init; }
    public Distribution? Widths { get; init; }

    /// <summary>True when the space searches the hidden layer sizes through depth/width/widths.</summary>
    public bool SearchesArchitecture => Depth is not null || Width is not null || Widths is not null;

    /// <summary>Number of dimensions named in the space.</summary>
    public int DimensionCount => Knobs.Count + (Depth is null ? 0 : 1) + (Width is null ? 0 : 1) + (Widths is null ? 0 : 1);

    /// <summary>The space as it is written in an experiment file (<c>search.space</c>).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        if (Depth is not null) o[DepthName] = Depth.ToJson();
        if (Width is not null) o[WidthName] = Width.ToJson();
        if (Widths is not null) o[WidthsName] = Widths.ToJson();
        foreach (var (name, d) in Knobs) o[name] = d.ToJson();
        return o;
    }
}
