namespace Harness.Store;

/// <summary>The checks every store implementation makes the same way, with the same messages.</summary>
internal static class StoreRules
{
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

    /// <summary>How messages name a trial.</summary>
    public static string Describe(TrialRecord t) => $"trial {t.Id} ('{t.Experiment}' v{t.Version} #{t.Number}, key '{t.Key}')";
}
