using System.CommandLine;
using System.Globalization;
using Harness.Cli.Sweeping;
using Harness.Cli.Training;
using Harness.Data;
using Harness.Store;
using Harness.Sweeps;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>
/// `sweep FILE`: validates an experiment file, then runs (or resumes) its trials into the store. Exit codes:
/// 0 all trials ran, 1 some trial failed (the others still ran), 2 bad input (file, spec change without
/// --new-version), 130 Ctrl+C (trials in flight are marked interrupted; the next `sweep` re-runs them).
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Experiment file (JSON; see docs/experiments.md)" };
        var parallel = CommonOptions.Parallel("Cohorts trained at once (threads; each uses one engine thread when more than one); default: the engine's preference (1 on the CPU; on a GPU 4, or one per 16 SMs: 8 on an H100/H200)");
        var cohort = new Option<int?>("--cohort")
        {
            Description = "Most compatible trials (same architecture, batch size, standardization) trained together as one cohort; default: the engine's preference (1 on the CPU)",
        };
        cohort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1) r.AddError($"--cohort: {r.GetValueOrDefault<int?>()} is not allowed; it must be >= 1");
        });
        var newVersion = new Option<bool>("--new-version") { Description = "Start a new version when the experiment exists with a different spec" };
        // Checked with the file (ExperimentFile.Load), so a bad value exits 2 naming --trials and what is allowed.
        var trials = new Option<int?>("--trials")
        {
            Description = "Configurations a random search draws, overriding the file's search.trials (not for grid); raising it continues the same experiment version",
        };
        var engine = new Option<string?>("--engine") { Description = "Engine for this run, overriding the file's \"engine\": auto, cpu or cuda" };
        engine.AcceptOnlyFromAmong([.. EngineChoice.Names]);
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Validate the file and list the trials a sweep would plan, with their states in the store; trains nothing, loads no data, stores nothing (a missing LiteDB store stays missing)",
        };
        var checkpointEvery = CommonOptions.CheckpointEvery();
        var db = CommonOptions.Db();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("sweep", "Run or resume an experiment file's trials into the results store");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { db, parallel, cohort, trials, newVersion, engine, checkpointEvery, dataDir, dryRun }) command.Options.Add(o);
        command.SetAction((p, ct) => Task.FromResult(Run(p.GetValue(file)!, p.GetValue(db), p.GetValue(parallel), p.GetValue(newVersion),
            p.GetValue(dataDir)?.FullName, ct, p.GetValue(engine), p.GetValue(cohort), p.GetValue(trials), dryRun: p.GetValue(dryRun),
            checkpointEvery: p.GetValue(checkpointEvery))));
        return command;
    }

    /// <summary>Interactive terminal: Spectre's live progress; else plain lines (Spectre renders nothing there).</summary>
    internal static bool Interactive() =>
        AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected &&
        !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    internal static int Run(FileInfo file, string? db, int? parallel, bool newVersion, string? dataDir, CancellationToken ct,
        string? engine = null, int? cohort = null, int? trials = null, TimeSpan? lease = null, bool dryRun = false, double? checkpointEvery = null)
    {
        // --trials is not part of the spec hash (nor is repeats): raising it continues the same experiment version.
        var spec = ExperimentFile.Load(file.FullName, trials);
        // The engine is not part of the spec hash (it does not change results), so overriding it keeps resumes working.
        if (engine is not null) spec = spec with { Engine = engine };
        EngineChoice.Check(spec.Engine); // a refused engine is refused before anything opens
        if (dryRun) return DryRun.Print(Console.Out, spec, file.Name, db, newVersion);
        using var stop = new StopRequest(ct); // Ctrl+C or SIGTERM: the runner marks trials interrupted and returns
        bool interactive = Interactive();
        var say = Say(interactive, Console.Out);
        using var starting = new EngineStart(spec.Engine);
        using var store = StoreAccess.OpenForWriting(db);
        say(Header(spec, file.Name, StoreAccess.Name(store)));
        say(Plan(spec));
        // A changed spec is refused before the data loads and the engine starts, saying what the file changed.
        if (!newVersion && store.GetExperiment(spec.Name) is { } latest && latest.SpecHash != SpecHashes.For(latest, spec))
            throw new UserInputException(SpecChange.Message(latest, spec));
        // Loaded before any trial is claimed: missing data is one clear error, not every trial failed for good.
        var data = DatasetCatalog.Load(spec.Dataset, dataDir, say);
        say($"data: {data.Train.Count} train, {data.Validation.Count} validation, {data.Test.Count} test examples");
        using var trainer = starting.Take(say);
        using var executor = new EngineCohortExecutor(trainer, data);
        var options = new SweepOptions { Parallel = parallel, Cohort = cohort, NewVersion = newVersion };
        if (checkpointEvery is { } every) options = options with { CheckpointEvery = TimeSpan.FromSeconds(every) };
        if (lease is { } l) options = WorkerCommand.Options(options, l);
        say(Checkpoints(options));
        say($"cohorts: up to {SweepRunner.CohortSizeFor(options, executor)} compatible trial(s) trained together, up to {SweepRunner.WorkersFor(options, executor)} at once"); // the last line before the live display
        SweepSummary summary;
        try
        {
            if (lease is not null) summary = WorkerCommand.Work(store, executor, options, spec, stop.Token);
            else if (interactive)
            {
                summary = null!;
                AnsiConsole.Progress().AutoClear(false).HideCompleted(true)
                    .Columns(new FittedColumn(), new FittedColumn(new ProgressBarColumn { Width = TerminalFit.BarWidth }, TerminalFit.BarWidth),
                        new FittedColumn(new PercentageColumn(), TerminalFit.PercentWidth), new FittedColumn(new ElapsedTimeColumn(), TerminalFit.TimeWidth))
                    .Start(ctx =>
                    {
                        var observer = new LiveSweepObserver(ctx);
                        summary = new SweepRunner(store, executor, options with { Observer = observer }).Run(spec, stop.Token);
                    });
            }
            else
            {
                var observer = new PlainSweepObserver(Console.Out);
                summary = new SweepRunner(store, executor, options with { Observer = observer }).Run(spec, stop.Token);
            }
        }
        catch (SpecChangedException e) { throw new UserInputException(e.Message); }
        say(Summary(summary));
        if (summary.Interrupted)
        {
            Say(interactive, Console.Error)("interrupted: trials in flight are marked interrupted; run the same command to resume");
            return CliRunner.ExitInterrupted;
        }
        if (summary.FailedHere > 0)
        {
            Say(interactive, Console.Error)($"{summary.FailedHere} trial(s) failed; `harness show {spec.Name}` lists their errors, `harness retry {spec.Name}` puts them back to train again");
            return CliRunner.ExitFailed;
        }
        return CliRunner.ExitOk;
    }

    /// <summary>
    /// How the lines around the live display are written to <paramref name="to"/>: on an interactive terminal wrapped
    /// onto indented lines that each fit its width (a line the terminal wraps garbles the live region); redirected (a
    /// file, CI) whole, as they are.
    /// </summary>
    internal static Action<string> Say(bool interactive, TextWriter to)
    {
        if (!interactive) return to.WriteLine;
        return text =>
        {
            foreach (var line in TerminalFit.Wrap(text, AnsiConsole.Profile.Width)) to.WriteLine(line);
        };
    }

    /// <summary>The first line: the experiment, its file, spec hash, dataset and store.</summary>
    internal static string Header(ExperimentSpec spec, string fileName, string store) =>
        $"experiment {spec.Name} ({fileName}), spec {SpecHashText.Short(spec.Hash())}, dataset {spec.Dataset.Name}, store {store}";

    /// <summary>One line: strategy, the space's dimensions with their values, and the trial count.</summary>
    internal static string Plan(ExperimentSpec spec)
    {
        var space = spec.Search.Space.ToJson();
        var dims = string.Join(", ", space.Select(d => $"{d.Key} {d.Value?.ToJsonString()}"));
        int configs = spec.Search.Trials ?? spec.CreateSampler().Plan([]).Count; // TPE plans its startup trials first
        return $"plan: {spec.Search.Strategy} over {dims}: {configs} configurations x {spec.Repeats} seed(s) (base seed {spec.Base.Seed} + repeat) = {configs * spec.Repeats} trials, pruner {spec.Search.Pruner}";
    }

    /// <summary>One line: how often a CPU trial stores its checkpoint, or that none does.</summary>
    internal static string Checkpoints(SweepOptions options) => options.CheckpointEvery > TimeSpan.Zero
        ? string.Create(CultureInfo.InvariantCulture, $"checkpoints: a CPU trial's state every {options.CheckpointEvery.TotalSeconds:0.###} s; a killed one goes on from its last checkpoint, an interrupted one from its last whole epoch")
        : "checkpoints: none (--checkpoint-every 0); a killed or interrupted trial starts again";

    private static string Summary(SweepSummary s)
    {
        var states = TrialText.StateCounts(s.Count);
        return $"{s.Experiment.Name} v{s.Experiment.Version}: {s.Planned} trials ({states}); {s.RanHere} ran in this run";
    }
}
