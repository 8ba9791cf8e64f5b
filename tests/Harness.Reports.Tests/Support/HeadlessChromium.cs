using System.Diagnostics;

namespace Harness.Reports.Tests.Support;

/// <summary>
/// Runs Debian's chromium headless against a local file: --dump-dom (after scripts ran) and --screenshot.
/// Fresh profile per call, no network services, no sandbox (tests may run as root).
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "chrome"];

    /// <summary>The browser's path, or null when none is installed.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in Candidates)
            {
                var p = Path.Combine(dir, name);
                if (File.Exists(p)) return p;
            }
        return null;
    }

    public static string DumpDom(string browser, string htmlFile) => Run(browser, htmlFile, "--dump-dom");

    public static void Screenshot(string browser, string htmlFile, string png, int width = 1100, int height = 3000) =>
        Run(browser, htmlFile, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static string Run(string browser, string htmlFile, params string[] extra)
    {
        var profile = Path.Combine(Path.GetTempPath(), "harness-chromium-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                     "--virtual-time-budget=5000",
                 }.Concat(extra).Append(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri))
            psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(90_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish in 90 s on {htmlFile}");
            }
            if (p.ExitCode != 0) throw new InvalidOperationException($"chromium exited {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }
}
