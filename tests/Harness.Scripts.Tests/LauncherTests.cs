using System.Diagnostics;

namespace Harness.Scripts.Tests;

/// <summary>
/// The launchers the README starts with: `./harness` (bash) and `harness.ps1` (PowerShell) build the CLI when
/// needed and run it with the arguments given, in the caller's folder, passing the exit code through.
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-launcher-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The configuration this test assembly was built in, so the launcher finds (and keeps) that build.</summary>
    private static string Configuration => RepoLayout.CliDll.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    private (int Exit, string Output) Bash(params string[] args)
    {
        var bash = ScriptProcess.Bash;
        if (bash is null) Assert.Skip("no bash on this machine (the bash launcher is for Linux and macOS)");
        var psi = new ProcessStartInfo(bash) { WorkingDirectory = _dir };
        psi.ArgumentList.Add(Path.Combine(RepoLayout.Root, "harness"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HARNESS_CONFIGURATION"] = Configuration;
        psi.Environment["CI"] = "true";
        return ScriptProcess.Run(psi, TimeSpan.FromMinutes(5));
    }

    private string TinyExperiment()
    {
        var path = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(path, """
            { "name": "tiny", "dataset": { "name": "xor" },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 20 },
              "search": { "space": { "width": [2, 4] } } }
            """);
        return path;
    }

    [Fact]
    public void The_bash_launcher_runs_a_sweep_and_the_reading_commands_from_another_folder()
    {
        var db = Path.Combine(_dir, "h.db");
        TinyExperiment();
        var (exit, output) = Bash("sweep", "tiny.json", "--db", db);
        Assert.True(exit == 0, output);
        Assert.Contains("2 trials (2 complete)", output);

        (exit, output) = Bash("list", "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("tiny", output);

        (exit, output) = Bash("show", "tiny", "--db", Path.Combine(_dir, "absent.db"));
        Assert.Equal(2, exit);
        Assert.Contains("no results store", output);
        Assert.False(File.Exists(Path.Combine(_dir, "absent.db")));
    }

    [Fact]
    public void The_powershell_launcher_runs_the_cli_and_passes_its_exit_code_through()
    {
        var db = Path.Combine(_dir, "absent.db");
        var script = Path.Combine(RepoLayout.Root, "harness.ps1");
        var help = PowerShellHost.Run($"$env:HARNESS_CONFIGURATION = '{Configuration}'\n& '{script}' list --help", _dir);
        Assert.True(help.ExitCode == 0, string.Join("\n", help.Output.Concat(help.Errors)));
        Assert.Contains(help.Output, l => l.Contains("harness list", StringComparison.Ordinal));

        var missing = PowerShellHost.Run($"$env:HARNESS_CONFIGURATION = '{Configuration}'\n& '{script}' show tiny --db '{db}'", _dir);
        Assert.Equal(2, missing.ExitCode);
        Assert.False(File.Exists(db));
    }
}
