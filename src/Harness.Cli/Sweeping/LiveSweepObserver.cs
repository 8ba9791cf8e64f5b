using System.Collections.Concurrent;
using System.Globalization;
using Harness.Engine;
using Harness.Store;
using Harness.Sweeps;
using Spectre.Console;

namespace Harness.Cli.Sweeping;

/// <summary>
/// Live Spectre.Console progress for an interactive terminal: one bar for the whole sweep (done/total, best so
/// far, ETA) and one per running trial (epoch, validation accuracy). Spectre's tasks are thread-safe, so the
/// runner's workers update them directly. Descriptions are plain text (shown by <see cref="FittedColumn"/>, cut to the
/// terminal), and lines printed above the display are cut to the terminal width (<see cref="TerminalFit"/>).
/// </summary>
internal sealed class LiveSweepObserver(ProgressContext context) : ISweepObserver
{
    private readonly ConcurrentDictionary<long, ProgressTask> _trials = new();
    private ProgressTask? _sweep;
    public SweepProgressState State { get; } = new();

    public void SweepStarted(ExperimentRecord experiment, int total, int finished)
    {
        State.Start(experiment, total, finished);
        _sweep = context.AddTask(State.Line(), maxValue: Math.Max(total, 1));
        _sweep.Value = finished;
    }

    public void TrialStarted(TrialRecord trial)
    {
        int epochs = TrialPlanner.Config(trial).Epochs;
        _trials[trial.Id] = context.AddTask($"  trial {trial.Number}: {TrialText.Params(trial)}", maxValue: epochs);
    }

    public void EpochFinished(TrialRecord trial, EpochMetrics epoch)
    {
        if (!_trials.TryGetValue(trial.Id, out var task)) return;
        task.Value = epoch.Epoch;
        task.Description = string.Create(CultureInfo.InvariantCulture,
            $"  trial {trial.Number} epoch {epoch.Epoch}: val acc {TrialText.Percent(epoch.ValidationAccuracy)} | {TrialText.Params(trial)}");
    }

    public void TrialFinished(TrialRecord trial, TrialOutcome outcome)
    {
        State.Finished(trial, outcome);
        if (_trials.TryRemove(trial.Id, out var task))
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
        Print($"trial {trial.Number} {outcome.State.Name()}: val acc {TrialText.Percent(outcome.ValidationAccuracy)}, " +
            $"test acc {TrialText.Percent(outcome.TestAccuracy)} | {TrialText.Params(trial)}{(outcome.Error is { } e && outcome.State != TrialState.Complete ? " | " + e : "")}");
        if (_sweep is { } sweep)
        {
            sweep.Value = State.Done;
            sweep.Description = State.Line();
        }
    }

    public void Message(string line) => Print(line);

    /// <summary>One line above the live region, cut to the terminal so it takes exactly one row.</summary>
    private static void Print(string line) => AnsiConsole.Write(new Text(TerminalFit.Line(line, AnsiConsole.Profile.Width) + "\n"));
}
