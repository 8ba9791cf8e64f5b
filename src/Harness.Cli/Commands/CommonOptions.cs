using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary>Options shared by several commands, so each is spelled and described once.</summary>
internal static class CommonOptions
{
    /// <summary>
    /// MNIST folder; default: $HARNESS_DATA, else data/mnist under the repository (or the current folder). With
    /// dataset "idx" (train, evaluate, perceptron, baseline): the folder of IDX files to load.
    /// </summary>
    public static Option<DirectoryInfo?> DataDir() => new("--data-dir")
    {
        Description = "Folder holding the MNIST IDX files (default: $HARNESS_DATA, else data/mnist under the repository); " +
                      "with --dataset idx, the folder of any four IDX files to load",
    };

    /// <summary>
    /// The results store (--store, alias --db): a LiteDB file or a PostgreSQL URI; default $HARNESS_STORE, else
    /// results/harness.db under the repository.
    /// </summary>
    public static Option<string?> Db() => new("--store", "--db")
    {
        Description = "Results store: a LiteDB file or postgres://user:password@host:port/database " +
                      "(default: $HARNESS_STORE, else results/harness.db under the repository)",
    };

    /// <summary>
    /// Refuses at parse time, before anything runs, an output file that is a folder or lies below a file (the write
    /// at the end would fail).
    /// </summary>
    public static Option<FileInfo?> WritesFile(this Option<FileInfo?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo?>() is { } file && OutputPaths.Problem(r.Option.Name, file.ToString(), folder: false) is { } problem)
                r.AddError(problem);
        });
        return option;
    }

    /// <summary>The same for an output folder: refused when it is a file or lies below one.</summary>
    public static Option<DirectoryInfo?> WritesFolder(this Option<DirectoryInfo?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<DirectoryInfo?>() is { } dir && OutputPaths.Problem(r.Option.Name, dir.ToString(), folder: true) is { } problem)
                r.AddError(problem);
        });
        return option;
    }

    /// <summary>--checkpoint-every SECONDS (sweep, worker): how far apart a CPU trial's checkpoints are; 0 = none; unset: the runner's default.</summary>
    public static Option<double?> CheckpointEvery()
    {
        var every = new Option<double?>("--checkpoint-every")
        {
            Description = "Seconds between a running trial's checkpoints on the CPU engine, so that a killed or interrupted trial goes on from " +
                          $"its last one (0: none; default {Sweeps.SweepOptions.DefaultCheckpointEvery.TotalSeconds:0})",
        };
        every.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } s && !(s >= 0 && s <= 86_400))
                r.AddError($"--checkpoint-every: {s} is not allowed; give seconds from 0 (no checkpoints) to 86400");
        });
        return every;
    }

    /// <summary>--parallel N (sweep, worker): cohorts trained at once, N >= 1; unset: the engine's preference.</summary>
    public static Option<int?> Parallel(string description)
    {
        var parallel = new Option<int?>("--parallel") { Description = description };
        parallel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1) r.AddError($"--parallel: {r.GetValueOrDefault<int?>()} is not allowed; it must be >= 1");
        });
        return parallel;
    }
}
