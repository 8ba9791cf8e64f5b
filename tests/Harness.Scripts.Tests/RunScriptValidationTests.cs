namespace Harness.Scripts.Tests;

/// <summary>run.ps1 rejects bad input before calling anything, with a message and a non-zero exit.</summary>
[Collection(nameof(StderrCollection))]
public sealed class RunScriptValidationTests
{
    private static PowerShellHost.Result Run(string arguments) =>
        PowerShellHost.Run($"$env:HARNESS_CLI = '{RepoLayout.CliDll}'\n& '{RepoLayout.Script}' {arguments}", RepoLayout.Root);

    /// <summary>run.ps1 reports its own refusals on the process's standard error ([Console]::Error); captured here.</summary>
    private static (PowerShellHost.Result Result, string Stderr) RunCapturingStderr(string arguments)
    {
        lock (StderrLock)
        {
            var old = Console.Error;
            var captured = new StringWriter();
            Console.SetError(captured);
            try { return (Run(arguments), captured.ToString()); }
            finally { Console.SetError(old); }
        }
    }

    private static readonly object StderrLock = new();

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

    [Theory]
    [InlineData("list -Engine cpu", "-Engine does not apply to list; list takes: -Database")]
    [InlineData("table quick -Engine cuda", "-Engine does not apply to table")]
    [InlineData("show quick -Yes", "-Yes does not apply to show; show takes: -Database, -Version, -Top, -State, -Store")]
    [InlineData("best quick -Top 3", "-Top does not apply to best")]
    [InlineData("list -Address 0.0.0.0", "-Address does not apply to list")]
    [InlineData("report quick -DryRun", "-DryRun does not apply to report")]
    [InlineData("report quick -CheckpointEvery 5", "-CheckpointEvery does not apply to report")]
    [InlineData("table quick -Format parquet", "-Format 'parquet' does not apply to table; allowed: console, md, csv, latex")]
    [InlineData("export quick -Format latex", "-Format 'latex' does not apply to export; allowed: csv, json, parquet")]
    public void A_parameter_is_refused_by_a_command_it_does_not_apply_to(string arguments, string expected)
    {
        var (r, stderr) = RunCapturingStderr(arguments);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"run.ps1: {expected}", stderr, StringComparison.Ordinal);
    }
}

/// <summary>Tests that swap Console.Error run one at a time.</summary>
[CollectionDefinition(nameof(StderrCollection), DisableParallelization = true)]
public sealed class StderrCollection;
