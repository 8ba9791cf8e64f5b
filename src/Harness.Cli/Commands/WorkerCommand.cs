using System.CommandLine;
using Harness.Cli.Sweeping;
using Harness.Store;
using Harness.Sweeps;

namespace Harness.Cli.Commands;

/// <summary>
/// `worker FILE --store URI`: one of any number of workers (one host or many, e.g. a Slurm job array) training an
/// experiment's trials from a shared store until none is left to run. Exit codes as `sweep`: 0 done, 1 a trial
/// failed here, 2 bad input (file, store URI, unreachable server, wrong password), 130 interrupted.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Experiment file (JSON; see docs/experiments.md); every worker gets the same one" };
        var cohort = new Option<int?>("--cohort") { Description = "Most compatible trials trained together as one cohort; default: the engine's preference" };
        cohort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1) r.AddError($"--cohort: {r.GetValueOrDefault<int?>()} is not allowed; it must be >= 1");
        });
        var parallel = CommonOptions.Parallel("Cohorts trained at once in this worker (threads); default: the engine's preference (1 on the CPU; on a GPU 4, or one per 16 SMs: 8 on an H100/H200)");
        var lease = new Option<double>("--lease")
        {
            Description = "Seconds a trial stays claimed without a heartbeat before another worker re-queues it (heartbeats every quarter of it, at most 5 s)",
            DefaultValueFactory = _ => 120,
        };
        lease.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 1 or > 86_400 or double.NaN)
                r.AddError($"--lease: {r.GetValueOrDefault<double>()} is not allowed; give seconds from 1 to 86400");
        });
        var engine = new Option<string?>("--engine") { Description = "Engine for this worker: auto, cpu or cuda" };
        engine.AcceptOnlyFromAmong([.. EngineChoice.Names]);
        var checkpointEvery = CommonOptions.CheckpointEvery();
        var store = CommonOptions.Db();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("worker", "Train an experiment's trials from a shared store until none is left (run any number, on any hosts)");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { store, cohort, parallel, lease, engine, checkpointEvery, dataDir }) command.Options.Add(o);
        command.SetAction((p, ct) => Task.FromResult(SweepCommand.Run(p.GetValue(file)!, p.GetValue(store), p.GetValue(parallel), newVersion: false,
            p.GetValue(dataDir)?.FullName, ct, p.GetValue(engine), p.GetValue(cohort), trials: null, TimeSpan.FromSeconds(p.GetValue(lease)),
            checkpointEvery: p.GetValue(checkpointEvery))));
        return command;
    }

    /// <summary>The sweep options of a worker: the lease as the stale grace, heartbeats four times per lease (at most 5 s apart).</summary>
    internal static SweepOptions Options(SweepOptions options, TimeSpan lease) => options with
    {
        StaleGrace = lease,
        HeartbeatInterval = TimeSpan.FromSeconds(Math.Min(5, lease.TotalSeconds / 4)),
    };

    /// <summary>Runs the worker loop with plain progress lines, each naming this host and process.</summary>
    internal static SweepSummary Work(IExperimentStore store, ICohortExecutor executor, SweepOptions options, ExperimentSpec spec, CancellationToken ct)
    {
        Console.WriteLine($"worker {Environment.MachineName} pid {Environment.ProcessId}: lease {options.StaleGrace.TotalSeconds:0.#} s");
        var observer = new PlainSweepObserver(Console.Out);
        var poll = TimeSpan.FromSeconds(Math.Clamp(options.StaleGrace.TotalSeconds / 4, 0.5, 2)); // cheap: one read per look
        return new SweepWorker(store, executor, options with { Observer = observer }, poll).Run(spec, ct);
    }
}
