namespace Harness.Scripts.Tests;

/// <summary>Where the repository and the built CLI are, found from the test assembly's location.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    public static string Script => Path.Combine(Root, "run.ps1");

    /// <summary>harness.dll built in the same configuration as this test assembly.</summary>
    public static string CliDll
    {
        get
        {
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
            return Path.Combine(Root, "src", "Harness.Cli", "bin", config, "net10.0", "harness.dll");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harness.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Harness.sln above {AppContext.BaseDirectory}");
    }
}
