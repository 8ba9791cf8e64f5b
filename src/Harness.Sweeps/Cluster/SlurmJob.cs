using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Sweeps.Cluster;

/// <summary>
/// A Slurm job array of <see cref="Workers"/> harness workers (one per array task) on one experiment and one shared
/// store. <see cref="Script"/> writes it as an sbatch script. The store appears without its password: workers get
/// it from PGPASSWORD in the environment sbatch passes on (or a pgpass file), so the script never holds it.
/// </summary>
public sealed partial record SlurmJob
{
    /// <summary>The experiment file (absolute path, on a file system the compute nodes share).</summary>
    public required string ExperimentFile { get; init; }
    /// <summary>The store as workers name it (a URI without password).</summary>
    public required string Store { get; init; }
    /// <summary>The command line that starts harness on a node (e.g. "dotnet /shared/harness/harness.dll").</summary>
    public required string Harness { get; init; }
    /// <summary>Folder the job runs in and writes its logs under (logs/).</summary>
    public required string WorkDir { get; init; }
    public required string JobName { get; init; }
    public int Workers { get; init; } = 1;
    public int? GpusPerWorker { get; init; }
    public int CpusPerWorker { get; init; } = 1;
    public string? Partition { get; init; }
    /// <summary>Slurm time limit per task: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS.</summary>
    public string? Time { get; init; }
    /// <summary>Most array tasks running at once (the %K of --array), or null for no limit.</summary>
    public int? Throttle { get; init; }
    /// <summary>The worker's --lease in seconds.</summary>
    public double LeaseSeconds { get; init; } = 120;
    /// <summary>The worker's --checkpoint-every in seconds, or null for the worker's default.</summary>
    public double? CheckpointSeconds { get; init; }

    /// <summary>What is wrong with the job, one line per problem naming the option and what is allowed; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Workers < 1) errors.Add($"--workers: {Workers} is not allowed; it must be >= 1");
        if (GpusPerWorker is < 0) errors.Add($"--gpus-per-worker: {GpusPerWorker} is not allowed; it must be >= 0");
        if (CpusPerWorker < 1) errors.Add($"--cpus-per-worker: {CpusPerWorker} is not allowed; it must be >= 1");
        if (Throttle is < 1) errors.Add($"--throttle: {Throttle} is not allowed; it must be >= 1");
        if (Partition is { } p && !PartitionName().IsMatch(p)) errors.Add($"--partition: '{p}' is not allowed; use letters, digits, '_', '-', '.' (a comma separates several)");
        if (Time is { } t && !TimeLimit().IsMatch(t))
            errors.Add($"--time: '{t}' is not allowed; use minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 2:00:00)");
        if (!JobNameRule().IsMatch(JobName)) errors.Add($"job name '{JobName}' is not allowed; use letters, digits, '_', '-', '.'");
        return errors;
    }

    /// <summary>The sbatch script: a job array with one worker per task, each writing its log under logs/.</summary>
    public string Script()
    {
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"#SBATCH --job-name={JobName}\n");
        s.Append($"#SBATCH --array=0-{Workers - 1}{(Throttle is { } k ? $"%{k}" : "")}\n");
        s.Append("#SBATCH --ntasks=1\n");
        s.Append($"#SBATCH --cpus-per-task={CpusPerWorker}\n");
        if (GpusPerWorker is > 0) s.Append($"#SBATCH --gres=gpu:{GpusPerWorker}\n");
        if (Partition is not null) s.Append($"#SBATCH --partition={Partition}\n");
        if (Time is not null) s.Append($"#SBATCH --time={Time}\n");
        s.Append($"#SBATCH --chdir={Quote(WorkDir)}\n");
        s.Append($"#SBATCH --output={Quote(Path.Combine(WorkDir, "logs", "%x-%A_%a.out"))}\n");
        s.Append("# One harness worker per array task. Every worker claims trials from the shared store until none is\n");
        s.Append("# left; a worker that dies is replaced by the others after its lease. The store's password comes from\n");
        s.Append("# PGPASSWORD (sbatch passes the submitting environment on) or ~/.pgpass, never from this file.\n");
        s.Append("set -euo pipefail\n");
        s.Append("echo \"task ${SLURM_ARRAY_TASK_ID:-0} of job ${SLURM_ARRAY_JOB_ID:-?} on $(hostname)\"\n");
        s.Append($"exec {Harness} worker {Quote(ExperimentFile)} --store {Quote(Store)} --lease {LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (CheckpointSeconds is { } every) s.Append($" --checkpoint-every {every.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (GpusPerWorker is > 0) s.Append(" --engine cuda");
        s.Append('\n');
        return s.ToString();
    }

    /// <summary>A single-quoted shell word.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex PartitionName();

    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$")]
    private static partial Regex TimeLimit();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,100}$")]
    private static partial Regex JobNameRule();
}
