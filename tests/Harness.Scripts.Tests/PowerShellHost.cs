using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Harness.Scripts.Tests;

/// <summary>Runs PowerShell text in a hosted runspace (the engine only: no ConsoleHost, 48 core cmdlets).</summary>
internal static class PowerShellHost
{
    public sealed record Result(IReadOnlyList<string> Output, IReadOnlyList<string> Errors, int ExitCode);

    public static Result Run(string script, string workingDirectory)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(workingDirectory);
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        // The script's last statement leaves $LASTEXITCODE (set by `exit N` inside run.ps1) in the pipeline.
        ps.AddScript(script + "\n'__EXIT__' + $LASTEXITCODE");
        var output = new List<string>();
        var errors = new List<string>();
        try
        {
            foreach (var o in ps.Invoke()) output.Add(o?.ToString() ?? "");
        }
        catch (RuntimeException ex)
        {
            errors.Add(ex.Message);
        }
        foreach (var e in ps.Streams.Error) errors.Add(e.ToString());
        int exit = -1;
        var marker = output.LastOrDefault(l => l.StartsWith("__EXIT__", StringComparison.Ordinal));
        if (marker is not null)
        {
            output.Remove(marker);
            var text = marker["__EXIT__".Length..];
            exit = text.Length == 0 ? 0 : int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Result(output, errors, exit);
    }
}
