namespace Harness.Scripts.Tests;

/// <summary>run.ps1 rejects bad input before calling anything, with a message and a non-zero exit.</summary>
public sealed class RunScriptValidationTests
{
    private static PowerShellHost.Result Run(string arguments) =>
        PowerShellHost.Run($"$env:HARNESS_CLI = '{RepoLayout.CliDll}'\n& '{RepoLayout.Script}' {arguments}", RepoLayout.Root);

    [Fact]
    public void Unknown_command_is_refused_naming_the_allowed_set()
    {
        var r = Run("bogus");
        var all = string.Join("\n", r.Errors);
        Assert.Contains("bogus", all, StringComparison.Ordinal);
        Assert.Contains("setup", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_engine_is_refused()
    {
        var r = Run("sweep experiments/xor.json -Engine tpu");
        Assert.Contains(r.Errors, e => e.Contains("tpu", StringComparison.Ordinal) && e.Contains("cuda", StringComparison.Ordinal));
    }

    [Fact]
    public void Parallel_out_of_range_is_refused()
    {
        var r = Run("sweep experiments/xor.json -Parallel 0");
        Assert.Contains(r.Errors, e => e.Contains("Parallel", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Cohort_out_of_range_is_refused()
    {
        var r = Run("sweep experiments/xor.json -Cohort 0");
        Assert.Contains(r.Errors, e => e.Contains("Cohort", StringComparison.OrdinalIgnoreCase));
    }
}
