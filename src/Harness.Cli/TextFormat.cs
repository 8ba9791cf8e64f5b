using System.Globalization;

namespace Harness.Cli;

/// <summary>Number formats shared by the commands' plain-text output.</summary>
internal static class TextFormat
{
    /// <summary>A fraction as a percentage with two decimals ("95.06%"); "-" when missing or NaN.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } f && !double.IsNaN(f) ? (f * 100).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-";
}
