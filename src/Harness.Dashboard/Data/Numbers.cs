using System.Globalization;

namespace Harness.Dashboard.Data;

/// <summary>Parameter values are stored as text; these read the numeric ones and keep JSON free of NaN and infinity.</summary>
internal static class Numbers
{
    public static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>The value, or null when it is missing, NaN or infinite (JSON has no such numbers).</summary>
    public static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
