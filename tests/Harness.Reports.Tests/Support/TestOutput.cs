using System.Runtime.CompilerServices;

namespace Harness.Reports.Tests.Support;

/// <summary>Where image-producing tests write files for a human to look at: artifacts/test-images/reports/.</summary>
internal static class TestOutput
{
    public static string Dir { get; } = Create();

    /// <summary>A path stem named after the calling test.</summary>
    public static string Stem([CallerMemberName] string test = "") => Path.Combine(Dir, test);

    /// <summary>A fresh empty folder named after the calling test.</summary>
    public static string Folder([CallerMemberName] string test = "")
    {
        var d = Path.Combine(Dir, test);
        if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
        Directory.CreateDirectory(d);
        return d;
    }

    private static string Create()
    {
        var root = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harness.sln"))) { root = dir.FullName; break; }
        var d = Path.Combine(root, "artifacts", "test-images", "reports");
        Directory.CreateDirectory(d);
        return d;
    }
}
