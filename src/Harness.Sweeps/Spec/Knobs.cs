using System.Reflection;
using System.Text.Json;
using Harness.Engine;

namespace Harness.Sweeps;

/// <summary>
/// The engine knobs a search space may name: every <see cref="TrainConfig"/> property by its snake_case JSON
/// name, every <see cref="EarlyStopping"/> property as <c>early_stopping.name</c> and every
/// <see cref="Augmentation"/> setting as <c>augmentation.name</c>.
/// </summary>
public static class Knobs
{
    /// <summary>Knob name -> CLR type of its value.</summary>
    public static IReadOnlyDictionary<string, Type> All { get; } = Build();

    /// <summary>A short description of what a knob accepts, for error messages.</summary>
    public static string Allowed(string knob)
    {
        // Step and sign have no useful gradient: an MLP does not train with them (the perceptron command does).
        if (knob == "activation") return "one of " + string.Join(", ", ConfigFileCheck.MlpActivations);
        var t = All[knob];
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(t).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
        if (t == typeof(int)) return "an integer";
        if (t == typeof(double)) return "a number";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(int[])) return "a list of integer layer widths";
        if (t == typeof(EarlyStopping)) return "an early_stopping object or null";
        if (t == typeof(LayerSpec[])) return $"a list of layers ({LayerSpecJson.Kinds}) or null, e.g. [{{\"conv\": {{\"filters\": 32, \"size\": 5}}}}, {{\"max_pool\": 2}}, {{\"dense\": 1024}}]";
        if (t == typeof(Augmentation)) return "an augmentation object or null";
        return "a value of type " + t.Name;
    }

    private static Dictionary<string, Type> Build()
    {
        var all = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var p in typeof(TrainConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            all[JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)] = p.PropertyType;
        foreach (var p in typeof(EarlyStopping).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            all["early_stopping." + JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)] = p.PropertyType;
        foreach (var p in typeof(Augmentation).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            all["augmentation." + JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)] = p.PropertyType;
        return all;
    }
}
