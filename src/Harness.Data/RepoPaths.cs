namespace Harness.Data;

/// <summary>
/// Default locations. The repository root is the nearest folder at or above the current directory (then the
/// application's folder) that holds Harness.sln; without one, the current directory stands in for it.
/// </summary>
public static class RepoPaths
{
    public const string DataEnvironmentVariable = "HARNESS_DATA";

    public static string Root { get; } = FindRoot();

    /// <summary>--data-dir if given, else $HARNESS_DATA, else data/mnist under the root.</summary>
    public static string MnistDir(string? explicitDir = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDir)) return Path.GetFullPath(explicitDir);
        var env = Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        return Path.Combine(Root, "data", "mnist");
    }

    /// <summary>--db if given, else results/harness.db under the root.</summary>
    public static string Database(string? explicitPath = null) =>
        !string.IsNullOrWhiteSpace(explicitPath) ? Path.GetFullPath(explicitPath) : Path.Combine(Root, "results", "harness.db");

    /// <summary>results/ under the root.</summary>
    public static string Results => Path.Combine(Root, "results");

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Harness.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
