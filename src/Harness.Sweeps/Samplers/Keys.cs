namespace Harness.Sweeps;

/// <summary>Stable trial keys: <c>name=value;name=value</c> for a configuration, plus <c>#r{repeat}</c> per seed.</summary>
public static class Keys
{
    public static string Of(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join(";", parameters.Select(p => p.Key + "=" + p.Value)) is { Length: > 0 } s ? s : "base";

    public static string WithRepeat(string configKey, int repeat) => $"{configKey}#r{repeat}";
}
