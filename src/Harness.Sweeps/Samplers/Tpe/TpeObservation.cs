using Harness.Store;

namespace Harness.Sweeps;

/// <summary>What TPE knows of one configuration (all its repeats together).</summary>
internal enum TpeOutcome
{
    /// <summary>Every repeat finished and at least one completed with a validation accuracy: <see cref="TpeObservation.Value"/> is their mean.</summary>
    Complete,
    /// <summary>Stopped by the pruner: ranked by epochs reached, then value, after every complete one.</summary>
    Pruned,
    /// <summary>Diverged (or completed without a value): always among the bad ones.</summary>
    Bad,
    /// <summary>Planned, pending or running: a bad one when the constant liar is on, else ignored.</summary>
    Running,
    /// <summary>Failed: ignored, as Optuna ignores failed trials.</summary>
    Failed,
}

/// <summary>One configuration: its key (without repeat), first trial number, internal values and outcome.</summary>
internal sealed record TpeObservation(string Key, int Number, IReadOnlyDictionary<string, double> Values, TpeOutcome Outcome,
    double Value, int Steps, bool Waiting)
{
    /// <summary>The configurations of <paramref name="trials"/> in trial-number order (repeats grouped by the key before <c>#r</c>).</summary>
    public static List<TpeObservation> Read(IReadOnlyList<TrialSnapshot> trials, TpeSpace space) =>
        [.. trials.GroupBy(t => ConfigKey(t.Key), StringComparer.Ordinal)
            .Select(g => Of(g.Key, [.. g], space))
            .OrderBy(o => o.Number)];

    private static TpeObservation Of(string key, List<TrialSnapshot> repeats, TpeSpace space)
    {
        var values = space.Read(repeats[0].Params);
        int number = repeats.Min(t => t.Number);
        bool waiting = repeats.Any(t => t.State is TrialState.Pending or TrialState.Interrupted);
        if (repeats.Any(t => !t.State.IsFinished())) return new(key, number, values, TpeOutcome.Running, 0, 0, waiting);
        var complete = repeats.Where(t => t.State == TrialState.Complete && t.ValidationAccuracy is not null).ToList();
        if (complete.Count > 0)
            return new(key, number, values, TpeOutcome.Complete, complete.Average(t => t.ValidationAccuracy!.Value), repeats.Max(t => t.EpochsRun), false);
        var pruned = repeats.Where(t => t.State == TrialState.Pruned).ToList();
        if (pruned.Count > 0)
            return new(key, number, values, TpeOutcome.Pruned, pruned.Max(t => t.ValidationAccuracy ?? double.NegativeInfinity), pruned.Max(t => t.EpochsRun), false);
        if (repeats.All(t => t.State == TrialState.Failed)) return new(key, number, values, TpeOutcome.Failed, 0, 0, false);
        return new(key, number, values, TpeOutcome.Bad, 0, 0, false);
    }

    private static string ConfigKey(string trialKey)
    {
        int at = trialKey.LastIndexOf("#r", StringComparison.Ordinal);
        return at < 0 ? trialKey : trialKey[..at];
    }
}
