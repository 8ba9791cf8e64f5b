using System.Diagnostics;
using System.Globalization;
using Harness.Engine;
using Harness.Store;
using Harness.Sweeps;

namespace Harness.Cli.Sweeping;

/// <summary>
/// Progress as plain lines, for redirected output and CI (where Spectre's live display renders nothing):
/// one line per trial start and end (with the sweep's done/total, best so far and ETA), and an epoch line per
/// running trial at most every <see cref="EpochLineInterval"/>.
/// </summary>
internal sealed class PlainSweepObserver(TextWriter output) : ISweepObserver
{
    private static readonly TimeSpan EpochLineInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Stopwatch> _lastEpochLine = [];
    public SweepProgressState State { get; } = new();

    public void SweepStarted(ExperimentRecord experiment, int total, int finished)
    {
        State.Start(experiment, total, finished);
        Write($"sweep {experiment.Name} v{experiment.Version}: {total} trials, {finished} already finished, {total - finished} to run");
    }

    public void TrialStarted(TrialRecord trial)
    {
        lock (_gate) _lastEpochLine[trial.Id] = Stopwatch.StartNew();
        Write($"trial {trial.Number} started: {TrialText.Params(trial)}");
    }

    public void EpochFinished(TrialRecord trial, EpochMetrics epoch)
    {
        lock (_gate)
        {
            if (!_lastEpochLine.TryGetValue(trial.Id, out var since) || since.Elapsed < EpochLineInterval) return;
            since.Restart();
        }
        Write(string.Create(CultureInfo.InvariantCulture,
            $"trial {trial.Number}: epoch {epoch.Epoch}, train loss {epoch.TrainLoss:F4}, val acc {TrialText.Percent(epoch.ValidationAccuracy)}"));
    }

    public void TrialFinished(TrialRecord trial, TrialOutcome outcome)
    {
        lock (_gate) _lastEpochLine.Remove(trial.Id);
        State.Finished(trial, outcome);
        var detail = outcome.State switch
        {
            TrialState.Failed or TrialState.Interrupted or TrialState.Diverged => $" ({outcome.Error})",
            _ => string.Create(CultureInfo.InvariantCulture,
                $": val acc {TrialText.Percent(outcome.ValidationAccuracy)}, test acc {TrialText.Percent(outcome.TestAccuracy)}, {outcome.EpochsRun} epochs, {outcome.Seconds:F1}s"),
        };
        Write($"trial {trial.Number} {outcome.State.Name()}{detail}");
        Write("  " + State.Line());
    }

    public void Message(string line) => Write(line);

    private void Write(string line)
    {
        lock (_gate) output.WriteLine(line);
    }
}
