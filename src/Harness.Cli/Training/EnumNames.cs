using System.Text.Json;

namespace Harness.Cli.Training;

/// <summary>The snake_case names of an enum's values (as JSON spells them) and parsing with a helpful error.</summary>
internal static class EnumNames<T> where T : struct, Enum
{
    public static readonly IReadOnlyDictionary<string, T> ByName =
        Enum.GetValues<T>().ToDictionary(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    public static string Allowed => string.Join(", ", ByName.Keys);

    public static string Name(T value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses a name (case-insensitive, '-' or '_'); outside <paramref name="allowed"/> (default: all) it throws naming the allowed set.</summary>
    public static T Parse(string option, string text, IReadOnlyCollection<T>? allowed = null)
    {
        var key = text.Trim().ToLowerInvariant().Replace('-', '_');
        if (ByName.TryGetValue(key, out var v) && (allowed is null || allowed.Contains(v))) return v;
        var names = allowed is null ? Allowed : string.Join(", ", allowed.Select(Name));
        throw new UserInputException($"{option}: '{text}' is not allowed; allowed: {names}");
    }
}
