namespace Harness.Scripts.Tests;

/// <summary>
/// run.ps1's commands against a tiny experiment (XOR, about a second), in a hosted runspace, calling the built CLI
/// through HARNESS_CLI so the script does not rebuild. Exit codes must come through as $LASTEXITCODE.
/// </summary>
public sealed class RunScriptEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-runps1-").FullName;
    private string Db => Path.Combine(_dir, "results.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PowerShellHost.Result Run(string arguments)
    {
        Assert.True(File.Exists(RepoLayout.CliDll), $"the CLI is not built at {RepoLayout.CliDll}");
        return PowerShellHost.Run($"$env:HARNESS_CLI = '{RepoLayout.CliDll}'\n& '{RepoLayout.Script}' {arguments}", RepoLayout.Root);
    }

    private string Experiment(string name, string space) =>
        Write(name + ".json", $$"""
        {
          "name": "{{name}}",
          "dataset": { "name": "xor" },
          "base": { "hidden": [4], "activation": "tanh", "loss": "softmax_cross_entropy", "init": "glorot_uniform",
                    "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 60, "seed": 1 },
          "repeats": 2,
          "search": { "strategy": "grid", "space": {{space}} }
        }
        """);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Sweep_then_table_run_the_cli_and_pass_exit_codes_through()
    {
        var file = Experiment("ps-xor", """{ "width": [2, 4] }""");
        var sweep = Run($"sweep '{file}' -Database '{Db}' -Engine cpu -Cohort 2 -Parallel 1");
        Assert.True(sweep.ExitCode == 0, string.Join("\n", sweep.Output.Concat(sweep.Errors)));
        Assert.Contains(sweep.Output, l => l.Contains("4 trials (4 complete)", StringComparison.Ordinal));
        Assert.Contains(sweep.Output, l => l.Contains("cohorts: up to 2 compatible trial(s) trained together, up to 1 at once", StringComparison.Ordinal));
        Assert.Contains(sweep.Output, l => l.StartsWith("checkpoints: a CPU trial's state every 60 s", StringComparison.Ordinal)); // the default

        var again = Run($"sweep '{file}' -Database '{Db}' -CheckpointEvery 0.5");
        Assert.True(again.ExitCode == 0, string.Join("\n", again.Output.Concat(again.Errors)));
        Assert.Contains(again.Output, l => l.StartsWith("checkpoints: a CPU trial's state every 0.5 s", StringComparison.Ordinal));

        var table = Run($"table ps-xor -Database '{Db}' -Format md -By width");
        Assert.Equal(0, table.ExitCode);
        var text = string.Join("\n", table.Output);
        Assert.Contains("| width |", text, StringComparison.Ordinal);
        Assert.Contains("| 2 |", text.Replace("\\* ", "").Replace("**", ""), StringComparison.Ordinal);

        var missing = Run($"table no-such-experiment -Database '{Db}'");
        Assert.NotEqual(0, missing.ExitCode);
    }

    [Fact]
    public void The_reading_and_managing_commands_are_wrapped_with_their_parameters()
    {
        var file = Experiment("ps-manage", """{ "width": [2] }""");
        Assert.Equal(0, Run($"sweep '{file}' -Database '{Db}' -Engine cpu").ExitCode);

        var list = Run($"list -Database '{Db}'");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Output, l => l.Contains("ps-manage", StringComparison.Ordinal));
        var show = Run($"show ps-manage -Version 1 -Database '{Db}'");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains(show.Output, l => l.StartsWith("ps-manage v1: 2 trials", StringComparison.Ordinal));
        var top = Run($"show ps-manage -Top 1 -State complete -Database '{Db}'");
        Assert.Equal(0, top.ExitCode);
        Assert.Contains(top.Output, l => l.StartsWith("ps-manage v1: 2 trials", StringComparison.Ordinal) && l.EndsWith("showing 1 (complete; the first 1)", StringComparison.Ordinal));
        var best = Run($"best ps-manage -Database '{Db}'");
        Assert.Equal(0, best.ExitCode);
        var export = Run($"export ps-manage -Format json -Database '{Db}'");
        Assert.Equal(0, export.ExitCode);
        Assert.Contains(export.Output, l => l.Contains("\"experiment\": \"ps-manage\"", StringComparison.Ordinal));
        var figures = Path.Combine(_dir, "cmp");
        var compare = Run($"compare ps-manage -Format md -Out '{figures}' -Database '{Db}'");
        Assert.Equal(0, compare.ExitCode);
        Assert.True(File.Exists(Path.Combine(figures, "history.svg")), string.Join("\n", compare.Output.Concat(compare.Errors)));
        var retry = Run($"retry ps-manage -Version 1 -Database '{Db}'");
        Assert.Equal(0, retry.ExitCode);
        Assert.Contains(retry.Output, l => l.StartsWith("ps-manage v1: no failed trial; nothing changed", StringComparison.Ordinal));

        // Without -Yes there is no terminal to ask on in a script: refused, nothing renamed.
        Assert.Equal(2, Run($"rename ps-manage ps-renamed -Database '{Db}'").ExitCode);
        Assert.Equal(0, Run($"rename ps-manage ps-renamed -Yes -Database '{Db}'").ExitCode);
        Assert.Equal(0, Run($"delete ps-renamed -Version 1 -Yes -Database '{Db}'").ExitCode);
        var after = Run($"list -Database '{Db}'");
        Assert.Contains(after.Output, l => l.Contains("no experiments yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Dashboard_passes_its_address_to_the_cli()
    {
        var bad = Run($"dashboard -Address nowhere -Port 1 -Database '{Db}'");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(bad.Output.Concat(bad.Errors), l => l.Contains("--host 'nowhere' is not an IP address", StringComparison.Ordinal));
    }

    [Fact]
    public void Worker_status_and_slurm_pass_their_options_to_the_cli()
    {
        var file = Experiment("ps-worker", """{ "width": [2, 4] }""");
        var worker = Run($"worker '{file}' -Database '{Db}' -Engine cpu -Lease 30");
        var said = string.Join("\n", worker.Output.Concat(worker.Errors));
        Assert.True(worker.ExitCode == 0, said);
        Assert.Contains("lease 30 s", said, StringComparison.Ordinal);
        Assert.Contains("4 trials (4 complete)", said, StringComparison.Ordinal);

        var status = Run($"status ps-worker -Store '{Db}'");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains(status.Output, l => l.Contains("4 trials, 0 pending, 0 running, 4 finished (100%)", StringComparison.Ordinal));

        // A LiteDB file cannot serve a cluster: the CLI refuses it (exit 2), so the options reached it.
        var slurm = Run($"slurm '{file}' -Store '{Db}' -Workers 4 -Partition gpu -Time 1:00:00");
        Assert.Equal(2, slurm.ExitCode);
        Assert.Contains(slurm.Output.Concat(slurm.Errors), l => l.Contains("serves one machine only", StringComparison.Ordinal));
    }

    [Fact]
    public void Batch_continues_past_a_failing_or_missing_file_prints_a_summary_and_exits_non_zero()
    {
        var good = Experiment("ps-good", """{ "width": [2] }""");
        var bad = Write("ps-bad.json", """{ "name": "ps-bad", "dataset": { "name": "xor" }, "search": { "strategy": "grid", "space": { "activation": ["softplus"] } } }""");
        var alsoGood = Experiment("ps-good2", """{ "width": [3] }""");

        var absent = Path.Combine(_dir, "ps-absent.json");

        var r = Run($"batch '{good}' '{absent}' '{bad}' '{alsoGood}' -Database '{Db}'");
        var text = string.Join("\n", r.Output);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("batch summary", text, StringComparison.Ordinal);
        Assert.Contains("2 succeeded, 1 failed, 1 missing", text, StringComparison.Ordinal);
        Assert.Matches(@"ps-absent\.json\s+MISSING\s+2", text);
        Assert.Matches(@"ps-bad\.json\s+FAILED\s+2", text);
        // The file after the failure still ran.
        Assert.Matches(@"ps-good2\.json\s+ok\s+0", text);
    }

    [Fact]
    public void Batch_dry_run_checks_every_file_and_writes_no_store()
    {
        var good = Experiment("ps-dry", """{ "width": [2, 4] }""");
        var bad = Write("ps-dry-bad.json", """{ "name": "ps-dry-bad", "dataset": { "name": "xor" }, "search": { "strategy": "grid", "space": { "activation": ["softplus"] } } }""");
        var r = Run($"batch '{good}' '{bad}' -Database '{Db}' -DryRun");
        var text = string.Join("\n", r.Output);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("dry run: a sweep would train 4 trial(s) of v1", text, StringComparison.Ordinal);
        Assert.Matches(@"ps-dry\.json\s+ok\s+0", text);
        Assert.Matches(@"ps-dry-bad\.json\s+FAILED\s+2", text);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void Missing_experiment_file_is_reported_without_calling_the_cli()
    {
        var r = Run($"sweep '{Path.Combine(_dir, "absent.json")}' -Database '{Db}'");
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(Db));
    }
}
