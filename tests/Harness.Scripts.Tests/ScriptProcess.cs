using System.Diagnostics;

namespace Harness.Scripts.Tests;

/// <summary>Runs a script's process to its end with a limit, its standard output and error read together.</summary>
internal static class ScriptProcess
{
    /// <summary>bash where this machine has one (Linux and macOS), else null.</summary>
    public static string? Bash => new[] { "/bin/bash", "/usr/bin/bash" }.FirstOrDefault(File.Exists);

    /// <summary>True when <paramref name="program"/> is on the PATH.</summary>
    public static bool Has(string program) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    /// <summary>The exit code and stdout + stderr; a process still running after <paramref name="limit"/> is killed and fails the test.</summary>
    public static (int Exit, string Output) Run(ProcessStartInfo psi, TimeSpan limit)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish in {limit.TotalMinutes:0} minutes");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
