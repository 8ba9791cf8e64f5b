namespace Harness.Dashboard.Tests.Support;

/// <summary>Finds the system's Chromium (Debian's chromium in CI); the browser tests skip, saying so, when there is none.</summary>
internal static class Chromium
{
    private static readonly string[] Names =
        ["chromium", "chromium-browser", "google-chrome", "chrome", "chromium.exe", "chrome.exe"];

    /// <summary>$HARNESS_CHROMIUM when set, else the first browser on PATH, else null.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("HARNESS_CHROMIUM") is { Length: > 0 } given && File.Exists(given)) return given;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in Names)
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>The repository root (the folder holding Harness.sln) above the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harness.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Harness.sln above {AppContext.BaseDirectory}");
    }
}
