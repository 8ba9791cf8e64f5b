namespace Harness.Store;

/// <summary>The checks (with their messages) and record changes every store implementation makes the same way.</summary>
internal static class StoreRules
{
    /// <summary>The trial as it was planned: pending, with nothing of an attempt left (`harness retry`; a claim starts from it).</summary>
    public static TrialRecord Replanned(TrialRecord t) => t with
    {
        State = TrialState.Pending,
        Engine = null,
        Device = null,
        Host = null,
        ProcessId = null,
        StartedUtc = null,
        HeartbeatUtc = null,
        FinishedUtc = null,
        Seconds = null,
        EpochsRun = 0,
        BestEpoch = null,
        ValidationAccuracy = null,
        ValidationLoss = null,
        TestAccuracy = null,
        TestLoss = null,
        Error = null,
    };

    /// <summary>ArgumentException when a required text is empty or blank.</summary>
    public static void RequireText(string? value, string parameter, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{what} is empty", parameter);
    }

    /// <summary>
    /// The trial when it is running in the process <paramref name="identity"/> names; otherwise
    /// InvalidOperationException saying why <paramref name="action"/> is refused (finished, not claimed, or claimed elsewhere).
    /// </summary>
    public static TrialRecord RequireRunningHere(TrialRecord t, ProcessIdentity identity, string action)
    {
        var name = Describe(t);
        if (t.State.IsFinished())
            throw new InvalidOperationException($"cannot {action} {name}: it is already {t.State} and finished trials never change");
        if (t.State != TrialState.Running)
            throw new InvalidOperationException($"cannot {action} {name}: it is {t.State}, not running; claim it first");
        if (t.Host != identity.Host || t.ProcessId != identity.ProcessId)
            throw new InvalidOperationException(
                $"cannot {action} {name}: it is running in process {t.ProcessId} on '{t.Host}', not in this process " +
                $"({identity.ProcessId} on '{identity.Host}'); it was re-queued and claimed again");
        return t;
    }

    /// <summary>
    /// ArgumentException (naming <paramref name="parameter"/>) when a plan is null, holds a trial with an empty Key,
    /// or two trials with one Key; otherwise the plan.
    /// </summary>
    public static IReadOnlyList<TrialRecord> RequirePlan(IReadOnlyList<TrialRecord>? planned, string parameter)
    {
        if (planned is null) throw new ArgumentException("the plan is null; return an empty list to add no trials", parameter);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in planned)
        {
            if (string.IsNullOrEmpty(t.Key))
                throw new ArgumentException($"planned trial number {t.Number} has an empty Key", parameter);
            if (!seen.TryAdd(t.Key, t.Number))
                throw new ArgumentException(
                    $"planned trials {seen[t.Key]} and {t.Number} share the key '{t.Key}'; keys must be unique", parameter);
        }
        return planned;
    }

    /// <summary>Refuses a checkpoint without bytes or with an epoch below 1, before the store is touched.</summary>
    public static void RequireCheckpoint(long trialId, int epoch, byte[]? state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (epoch < 1)
            throw new ArgumentException($"trial {trialId}: a checkpoint's epoch is {epoch}; it must be >= 1 (epochs are numbered from 1)", nameof(epoch));
    }

    /// <summary>
    /// Refuses a checkpoint of a trial after <paramref name="epoch"/> epochs unless the epochs it has rows for
    /// (<paramref name="rowsUpTo"/>: how many of its rows have an epoch from 1 to <paramref name="epoch"/>) are all of them.
    /// </summary>
    public static void RequireCheckpointRows(TrialRecord t, int epoch, long rowsUpTo)
    {
        if (rowsUpTo != epoch)
            throw new InvalidOperationException(
                $"cannot store a checkpoint of {Describe(t)} after epoch {epoch}: it has {rowsUpTo} of epochs 1..{epoch}'s rows; write them first");
    }

    /// <summary>How messages name a trial.</summary>
    public static string Describe(TrialRecord t) => $"trial {t.Id} ('{t.Experiment}' v{t.Version} #{t.Number}, key '{t.Key}')";
}
