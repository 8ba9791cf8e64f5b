namespace Harness.Store;

/// <summary>
/// The store contract. Implementations are safe to use from several threads and several processes at once.
/// Finished trials (<see cref="TrialStates.IsFinished"/>) are immutable: every write to one is refused (the managing
/// calls below excepted: deleting, renaming, and <see cref="RetryFailed"/>).
/// Readers never see half a trial's ending: state, metrics and model land in one transaction.
/// A write that cannot be made because the disk is full throws <see cref="StoreDiskFullException"/> (promptly,
/// never hanging); finished trials stay as they were.
/// </summary>
public interface IExperimentStore : IDisposable
{
    // ---- read side (reports use only these) ----
    IReadOnlyList<ExperimentRecord> ListExperiments();
    /// <summary>The given version, or the latest when version is null; null if absent.</summary>
    ExperimentRecord? GetExperiment(string name, int? version = null);
    /// <summary>The version's trials ordered by Number; the latest version when version is null; empty if absent.</summary>
    IReadOnlyList<TrialRecord> GetTrials(string experiment, int? version = null);
    TrialRecord? GetTrial(long trialId);
    /// <summary>Epoch rows ordered by epoch.</summary>
    IReadOnlyList<EpochRecord> GetEpochs(long trialId);
    /// <summary>The best model's bytes, or null when the trial stored none.</summary>
    byte[]? LoadModel(long trialId);

    // ---- write side (the sweep runner) ----
    /// <summary>
    /// Returns the latest version of the experiment if its SpecHash matches; creates version 1 when absent.
    /// When the hash differs, throws <see cref="SpecChangedException"/> unless newVersion is true, in which
    /// case a new version is created. A name that breaks <see cref="ExperimentNames.Rule"/> is refused with
    /// ArgumentException.
    /// </summary>
    ExperimentRecord OpenExperiment(string name, string specJson, string specHash, bool newVersion);
    /// <summary>Inserts pending trials whose Key is not yet present for that experiment version; returns all its trials.</summary>
    IReadOnlyList<TrialRecord> EnsureTrials(string experiment, int version, IReadOnlyList<TrialRecord> planned);
    /// <summary>
    /// Reads the version's trials, calls <paramref name="plan"/> with them (ordered by Number) and inserts, as
    /// <see cref="EnsureTrials"/> does, the returned trials whose Key is new; returns all the version's trials.
    /// Read, plan and insert are one atomic step per experiment version across threads, store objects, processes
    /// and hosts: no other PlanTrials or EnsureTrials call on that version runs in between, so a planner that
    /// numbers on from what it was given never gives two trials one number. The callback may run more than once
    /// (a retried transaction) and must not call the store; it runs while the store is locked, so it should be quick.
    /// </summary>
    IReadOnlyList<TrialRecord> PlanTrials(string experiment, int version, Func<IReadOnlyList<TrialRecord>, IReadOnlyList<TrialRecord>> plan);
    /// <summary>
    /// Atomically moves a pending or interrupted trial to running for this host/process; false if another
    /// process claimed it first or it is finished. Epoch rows, model, checkpoint and metrics left by an earlier
    /// attempt are removed. When false, <paramref name="running"/> is the trial as it is now. Unknown id: KeyNotFoundException.
    /// </summary>
    bool TryClaim(long trialId, string engine, string device, out TrialRecord running);
    /// <summary>
    /// Claims, in one transaction, every trial among <paramref name="trialIds"/> that is pending or interrupted
    /// (as <see cref="TryClaim"/> does for one) and returns them running, in the order given; trials another
    /// process holds or that are finished are left out. A cohort claims its members this way. With
    /// <paramref name="resume"/>, a trial that has a checkpoint keeps it and its epoch rows up to the checkpoint's
    /// epoch (the attempt goes on from there); everything else an earlier attempt left is removed, as
    /// <see cref="TryClaim"/> removes it.
    /// </summary>
    IReadOnlyList<TrialRecord> ClaimAll(IReadOnlyList<long> trialIds, string engine, string device, bool resume = false);
    /// <summary>Marks the trial alive. Heartbeat, AppendEpochs and Finish need the trial running in this process
    /// (same host and pid); otherwise (finished, re-queued, never claimed) they throw InvalidOperationException.</summary>
    void Heartbeat(long trialId);
    /// <summary>Writes epoch rows in one transaction; a row whose (TrialId, Epoch) exists is replaced, never
    /// duplicated. Also refreshes each trial's heartbeat.</summary>
    void AppendEpochs(IReadOnlyList<EpochRecord> epochs);
    /// <summary>
    /// Ends a running trial: state, metrics and model in one transaction. A finished trial's checkpoint is removed in
    /// it; an interrupted one keeps its checkpoint for the attempt that resumes it.
    /// </summary>
    void Finish(long trialId, TrialOutcome outcome);
    /// <summary>
    /// Stores a running trial's checkpoint, replacing its earlier one, in one transaction. The trial must be running
    /// in this process and have its epoch rows 1..<paramref name="epoch"/> stored, so that a resumed attempt finds
    /// its curve up to there; else InvalidOperationException saying which.
    /// </summary>
    void SaveCheckpoint(long trialId, int epoch, byte[] state);
    /// <summary>The trial's checkpoint, or null when it has none.</summary>
    TrialCheckpoint? LoadCheckpoint(long trialId);
    /// <summary>By trial id, the epoch of each checkpoint the version's trials have (their bytes are not read).</summary>
    IReadOnlyDictionary<long, int> CheckpointEpochs(string experiment, int version);
    /// <summary>
    /// Re-queues running trials whose process is gone (same host, dead pid) or whose heartbeat is older than
    /// the grace period; returns how many.
    /// </summary>
    int RequeueStale(TimeSpan heartbeatGrace);

    // ---- managing experiments (`harness delete`, `harness rename`) ----

    /// <summary>
    /// Deletes one version of the experiment (all versions when <paramref name="version"/> is null) with its
    /// trials, epoch rows, models and checkpoints, in one transaction; false when there is no such experiment or version.
    /// Refused with <see cref="InvalidOperationException"/> (nothing deleted) while a trial of it is running.
    /// </summary>
    bool DeleteExperiment(string name, int? version = null);

    /// <summary>
    /// Gives every version of the experiment the name <paramref name="newName"/> (trials, epochs and models
    /// follow), in one transaction. ArgumentException when <paramref name="newName"/> breaks
    /// <see cref="ExperimentNames.Rule"/> or is taken, or when <paramref name="name"/> does not exist;
    /// InvalidOperationException (nothing renamed) while a trial of it is running.
    /// </summary>
    void RenameExperiment(string name, string newName);

    /// <summary>
    /// Moves the version's failed trials back to pending, in one transaction, with all their attempt left removed
    /// (epoch rows, model, checkpoint, metrics, error), so that the next sweep or worker trains them again; returns
    /// them as they are now, by Number (empty when none failed or there is no such version). The one change a
    /// finished trial allows, on the user's word (`harness retry`).
    /// </summary>
    IReadOnlyList<TrialRecord> RetryFailed(string name, int version);
}

/// <summary>Thrown when an experiment name exists with a different search space.</summary>
public sealed class SpecChangedException(string name, int version, string oldHash, string newHash)
    : Exception($"experiment '{name}' (version {version}) already exists with a different specification " +
                $"(hash {oldHash[..Math.Min(12, oldHash.Length)]} vs {newHash[..Math.Min(12, newHash.Length)]}). " +
                "Rename the experiment, or pass --new-version to start version " + (version + 1) + ".")
{
    public string Name { get; } = name;
    public int Version { get; } = version;
}
