using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>
/// One experiment version's trials as read at one moment: the searched parameter names (sorted), each trial's
/// parameter values in that order, its lower-case search text for filtering, and a stamp that changes whenever a
/// trial is added or changes (state, heartbeat, metrics), which the browser polls with.
/// </summary>
internal sealed class TrialSnapshot
{
    public TrialSnapshot(ExperimentRecord experiment, IReadOnlyList<TrialRecord> trials, DateTime readUtc)
    {
        Experiment = experiment;
        Trials = trials;
        ReadUtc = readUtc;
        ParamNames = [.. trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal)];
        ParamValues = [.. trials.Select(t => ParamNames.Select(n => t.Params.GetValueOrDefault(n)).ToArray())];
        ParamNumeric = [.. Enumerable.Range(0, ParamNames.Count).Select(i => ParamValues.All(v => v[i] is null || Numbers.TryParse(v[i]!, out _)))];
        SearchText = [.. trials.Select((t, i) => SearchTextOf(t, ParamNames, ParamValues[i]))];
        Stamp = StampOf(experiment, trials);
    }

    public ExperimentRecord Experiment { get; }
    public IReadOnlyList<TrialRecord> Trials { get; }
    /// <summary>When the read began.</summary>
    public DateTime ReadUtc { get; }
    /// <summary>How long reading the trials took.</summary>
    public TimeSpan ReadTime { get; init; }
    public IReadOnlyList<string> ParamNames { get; }
    /// <summary>Per trial, its parameter values in <see cref="ParamNames"/> order (null where a trial lacks one).</summary>
    public IReadOnlyList<string?[]> ParamValues { get; }
    /// <summary>Per parameter, whether every value is a number (numeric axes and sorting).</summary>
    public IReadOnlyList<bool> ParamNumeric { get; }
    public IReadOnlyList<string> SearchText { get; }
    public string Stamp { get; }

    /// <summary>The parameter's position in <see cref="ParamNames"/>, or -1.</summary>
    public int ParamIndex(string name)
    {
        for (int i = 0; i < ParamNames.Count; i++)
            if (ParamNames[i] == name) return i;
        return -1;
    }

    /// <summary>Trials per state, every state named (zero included), in lifecycle order.</summary>
    public IReadOnlyDictionary<string, int> Counts() =>
        Enum.GetValues<TrialState>().ToDictionary(s => TrialStates.Name(s), s => Trials.Count(t => t.State == s));

    private static string SearchTextOf(TrialRecord t, IReadOnlyList<string> names, string?[] values)
    {
        var sb = new StringBuilder();
        sb.Append('#').Append(t.Number).Append(' ').Append(TrialStates.Name(t.State)).Append(' ').Append(t.Seed)
            .Append(' ').Append(t.Host).Append(' ').Append(t.Error);
        for (int i = 0; i < names.Count; i++) sb.Append(' ').Append(names[i]).Append('=').Append(values[i]);
        return sb.ToString().ToLowerInvariant();
    }

    private static string StampOf(ExperimentRecord e, IReadOnlyList<TrialRecord> trials)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sb = new StringBuilder();
        sb.Append(e.Name).Append('|').Append(e.Version).Append('|').Append(e.SpecHash).Append('\n');
        foreach (var t in trials)
        {
            sb.Append(t.Id).Append('|').Append((int)t.State).Append('|').Append(t.HeartbeatUtc?.Ticks).Append('|')
                .Append(t.FinishedUtc?.Ticks).Append('|').Append(t.EpochsRun).Append('|')
                .Append(t.ValidationAccuracy?.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            if (sb.Length > 8192) Flush();
        }
        Flush();
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];

        void Flush()
        {
            hash.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
            sb.Clear();
        }
    }
}
