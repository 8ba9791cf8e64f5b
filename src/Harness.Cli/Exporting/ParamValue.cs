using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Cli.Exporting;

/// <summary>
/// A searched parameter's stored text ("0.1", "3", "relu", "[100,50]", "true") read back as the value it is, so
/// exports carry numbers as numbers.
/// </summary>
internal static class ParamValue
{
    /// <summary>A long for an integer, a double for any other number, else the text itself.</summary>
    public static object Scalar(string stored)
    {
        if (long.TryParse(stored, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        if (double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) return x;
        return stored;
    }

    /// <summary>The JSON value: a number, a list, true/false as such; anything else a string.</summary>
    public static JsonNode? Json(string stored)
    {
        if (Scalar(stored) is long n) return JsonValue.Create(n);
        if (Scalar(stored) is double x) return double.IsFinite(x) ? JsonValue.Create(x) : JsonValue.Create(stored);
        if (stored.StartsWith('[') || stored.StartsWith('{') || stored is "true" or "false")
        {
            try { return JsonNode.Parse(stored); }
            catch (JsonException) { }
        }
        return JsonValue.Create(stored);
    }

    /// <summary>
    /// One column's type and values from the stored texts (null where a trial lacks the parameter): long when every
    /// value is an integer, double when every value is a number, else string (the stored texts).
    /// </summary>
    public static (Type Type, object?[] Values) Column(IReadOnlyList<string?> stored)
    {
        var scalars = stored.Select(s => s is null ? null : Scalar(s)).ToArray();
        var present = scalars.Where(v => v is not null).ToList();
        if (present.Count > 0 && present.All(v => v is long)) return (typeof(long), scalars);
        if (present.Count > 0 && present.All(v => v is long or double))
            return (typeof(double), [.. scalars.Select(v => v is null ? null : (object)Convert.ToDouble(v, CultureInfo.InvariantCulture))]);
        return (typeof(string), [.. stored]);
    }
}
