using System.Diagnostics;
using Harness.Store;

namespace Harness.Cli.Sweeping;

/// <summary>Thread-safe tally of a sweep for the progress displays: done/total, best so far, ETA.</summary>
internal sealed class SweepProgressState
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _finishedAtStart, _doneHere;

    public string Experiment { get; private set; } = "";
    public int Total { get; private set; }
    public int Done { get; private set; }
    public double? BestValidation { get; private set; }
    public int? BestTrial { get; private set; }

    public void Start(ExperimentRecord experiment, int total, int finished)
    {
        lock (_gate) { Experiment = $"{experiment.Name} v{experiment.Version}"; Total = total; Done = finished; _finishedAtStart = finished; }
    }

    public void Finished(TrialRecord trial, TrialOutcome outcome)
    {
        lock (_gate)
        {
            if (outcome.State.IsFinished()) { Done++; _doneHere++; }
            if (outcome.State == TrialState.Complete && outcome.ValidationAccuracy is { } v && (BestValidation is null || v > BestValidation))
            {
                BestValidation = v;
                BestTrial = trial.Number;
            }
        }
    }

    /// <summary>Estimated time left from this run's pace; null before the first trial ends.</summary>
    public TimeSpan? Eta()
    {
        lock (_gate)
        {
            if (_doneHere == 0) return null;
            var perTrial = _clock.Elapsed / _doneHere;
            return perTrial * Math.Max(0, Total - Done);
        }
    }

    public string Line()
    {
        lock (_gate)
        {
            var best = BestValidation is { } b ? $"best val acc {b:P2} (trial {BestTrial})" : "best: none yet";
            var eta = _doneHere == 0 ? "ETA: after the first trial" : $"ETA {Format(_clock.Elapsed / _doneHere * Math.Max(0, Total - Done))}";
            return $"{Experiment}: {Done}/{Total} done | {best} | {eta}";
        }
    }

    public static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : $"{t.Minutes}m{t.Seconds:D2}s";
}
