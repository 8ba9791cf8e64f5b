using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Harness.Store;

/// <summary>
/// Copies experiments from one store to another of any kind (LiteDB to PostgreSQL and back) through the store
/// contract: every version, trial, epoch row, model and interrupted trial's checkpoint, then verifies the copy by counts and a SHA-256 checksum of
/// each version's content read back from both stores. Finished and interrupted trials keep their state, metrics,
/// engine, device, seconds, error, rows and model; pending trials stay pending; a trial running in the source is
/// copied as pending (its worker could not finish it in the target). Claim times, hosts and pids are the copier's.
/// </summary>
public static class StoreCopy
{
    private const int RowsPerWrite = 500;

    /// <summary>
    /// Copies the experiments named (all when <paramref name="names"/> is empty). Refused before anything is written:
    /// a name the source lacks (ArgumentException) or one the target has already (InvalidOperationException). A
    /// mismatch found by the verification throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static IReadOnlyList<CopiedVersion> Copy(IExperimentStore from, IExperimentStore to, IReadOnlyCollection<string> names, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var source = from.ListExperiments();
        var known = source.Select(e => e.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var n in names.Where(n => !known.Contains(n)))
            throw new ArgumentException($"experiment '{n}' is not in the source store; known: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}");
        var chosen = names.Count == 0 ? known : [.. names.Distinct().Order(StringComparer.Ordinal)];
        var clash = chosen.Where(n => to.GetExperiment(n) is not null).ToList();
        if (clash.Count > 0)
            throw new InvalidOperationException($"the target store already has experiment(s) {string.Join(", ", clash)}; nothing was copied (copy into a store without them)");
        var copied = new List<CopiedVersion>();
        foreach (var e in source.Where(e => chosen.Contains(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Version))
        {
            var target = to.OpenExperiment(e.Name, e.SpecJson, e.SpecHash, newVersion: true);
            if (target.Version != e.Version)
                throw new InvalidDataException($"experiment '{e.Name}' version {e.Version} became version {target.Version} in the target; the source's versions are not consecutive");
            CopyTrials(from, to, e);
            var result = Verify(from, to, e);
            copied.Add(result);
            progress?.Invoke($"copied {e.Name} v{e.Version}: {result.Trials} trials, {result.Epochs} epoch rows, {result.Models} models; checksum {result.Checksum[..16]} matches");
        }
        return copied;
    }

    private static void CopyTrials(IExperimentStore from, IExperimentStore to, ExperimentRecord e)
    {
        var trials = from.GetTrials(e.Name, e.Version);
        var targets = to.EnsureTrials(e.Name, e.Version, trials).ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var t in trials.Where(Copied))
        {
            var id = targets[t.Key].Id;
            if (to.ClaimAll([id], t.Engine ?? "copy", t.Device ?? "copy").Count != 1)
                throw new InvalidOperationException($"trial '{t.Key}' of {e.Name} v{e.Version} could not be claimed in the target (another process holds it)");
            foreach (var chunk in from.GetEpochs(t.Id).Select(r => r with { TrialId = id }).Chunk(RowsPerWrite)) to.AppendEpochs(chunk);
            if (t.State == TrialState.Interrupted && from.LoadCheckpoint(t.Id) is { } checkpoint) // a resume goes on from it in the target
                to.SaveCheckpoint(id, checkpoint.Epoch, checkpoint.State);
            to.Finish(id, new TrialOutcome
            {
                State = t.State,
                Seconds = t.Seconds ?? 0,
                EpochsRun = t.EpochsRun,
                BestEpoch = t.BestEpoch,
                ValidationAccuracy = t.ValidationAccuracy,
                ValidationLoss = t.ValidationLoss,
                TestAccuracy = t.TestAccuracy,
                TestLoss = t.TestLoss,
                Error = t.Error,
                Model = from.LoadModel(t.Id),
            });
        }
    }

    /// <summary>Counts and checksums of the version in both stores; throws when they differ.</summary>
    public static CopiedVersion Verify(IExperimentStore from, IExperimentStore to, ExperimentRecord e)
    {
        var a = Summarize(from, e.Name, e.Version);
        var b = Summarize(to, e.Name, e.Version);
        if (a != b)
            throw new InvalidDataException(
                $"the copy of {e.Name} v{e.Version} differs from the source: source {a.Trials} trials, {a.Epochs} rows, {a.Models} models, " +
                $"checksum {a.Checksum[..16]}; target {b.Trials}, {b.Epochs}, {b.Models}, {b.Checksum[..16]}");
        return a;
    }

    /// <summary>Counts and a SHA-256 over the version's spec and, in key order, each trial's content and (finished or interrupted trials) rows and model.</summary>
    public static CopiedVersion Summarize(IExperimentStore store, string name, int version)
    {
        var e = store.GetExperiment(name, version) ?? throw new ArgumentException($"experiment '{name}' version {version} is not in the store");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add($"{e.Name}|{e.Version}|{e.SpecHash}|{e.SpecJson}");
        int epochs = 0, models = 0;
        var trials = store.GetTrials(name, version).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var t in trials)
        {
            Add(Canonical(t));
            if (!Copied(t)) continue; // the rows a running or re-queued trial left are not part of a copy
            foreach (var r in store.GetEpochs(t.Id))
            {
                epochs++;
                Add(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Epoch}|{r.TrainLoss:R}|{r.TrainAccuracy:R}|{r.ValidationLoss:R}|{r.ValidationAccuracy:R}|{r.LearningRate:R}|{r.Seconds:R}"));
            }
            if (store.LoadModel(t.Id) is { } model)
            {
                models++;
                Add(Convert.ToHexString(SHA256.HashData(model)));
            }
            if (t.State == TrialState.Interrupted && store.LoadCheckpoint(t.Id) is { } checkpoint)
                Add($"checkpoint {checkpoint.Epoch} {Convert.ToHexString(SHA256.HashData(checkpoint.State))}");
        }
        return new CopiedVersion(name, version, trials.Count, epochs, models, Convert.ToHexString(hash.GetHashAndReset()));
    }

    /// <summary>Trials copied with their state, rows and model: finished and interrupted ones.</summary>
    private static bool Copied(TrialRecord t) => t.State.IsFinished() || t.State == TrialState.Interrupted;

    /// <summary>What a copy keeps of a trial (a running one is what it becomes: pending, nothing else).</summary>
    private static string Canonical(TrialRecord t)
    {
        var p = string.Join(",", t.Params.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        var head = $"{t.Key}|{t.Number}|{t.Repeat}|{t.Seed}|{p}|{t.ConfigJson}";
        if (!Copied(t)) return head + "|Pending";
        return string.Create(CultureInfo.InvariantCulture,
            $"{head}|{t.State}|{t.Engine}|{t.Device}|{t.Seconds ?? 0:R}|{t.EpochsRun}|{t.BestEpoch}|{t.ValidationAccuracy:R}|" +
            $"{t.ValidationLoss:R}|{t.TestAccuracy:R}|{t.TestLoss:R}|{t.Error}");
    }
}
