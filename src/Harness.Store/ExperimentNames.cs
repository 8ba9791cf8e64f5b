namespace Harness.Store;

/// <summary>
/// The rule for experiment names. A name is a store key and also a folder name (<c>results/NAME</c> for reports),
/// so it must be a plain, portable file name on every system: 1 to 64 ASCII letters, digits, '-', '_' and '.',
/// starting with a letter or digit (so never <c>.</c>, <c>..</c> or a hidden name) and not ending with '.'
/// (Windows drops trailing dots), and not a Windows device name (con, prn, aux, nul, com1-com9, lpt1-lpt9, with
/// or without an extension).
/// </summary>
public static class ExperimentNames
{
    public const int MaxLength = 64;

    /// <summary>The rule in one sentence, for error messages and docs.</summary>
    public const string Rule =
        "1 to 64 letters, digits, '-', '_' and '.', starting with a letter or digit and not ending with '.'; " +
        "Windows device names (con, prn, aux, nul, com1-com9, lpt1-lpt9) are not allowed";

    private static readonly HashSet<string> DeviceNames = new(
        ["con", "prn", "aux", "nul", .. Enumerable.Range(1, 9).SelectMany(i => new[] { $"com{i}", $"lpt{i}" })],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>What is wrong with the name (without the rule itself), or null when it follows <see cref="Rule"/>.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        if (name.Length > MaxLength) return $"it has {name.Length} characters";
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                return $"'{c}' is not an allowed character";
        if (!char.IsAsciiLetterOrDigit(name[0])) return "it does not start with a letter or digit";
        if (name[^1] == '.') return "it ends with '.'";
        var stem = name.Split('.')[0];
        if (DeviceNames.Contains(stem)) return $"'{stem}' is a Windows device name";
        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the value, the problem and the rule when the name breaks it.</summary>
    public static void Require(string? name, string what = "experiment name")
    {
        if (Problem(name) is { } problem)
            throw new ArgumentException($"{what} '{name}' is not allowed ({problem}); use {Rule}");
    }
}
