using LiteDB;

namespace Harness.Store;

/// <summary>
/// The embedded store: one LiteDB file (or a memory stream, for tests) holding experiments, trials, epochs and
/// models. Every public call is one LiteDB transaction. With a file, LiteDB runs in shared mode: each
/// transaction holds a named cross-process mutex from BeginTrans to Commit, so a read-check-write inside one
/// (claiming a trial, adding missing trials) is atomic across processes, and readers never see half of one.
/// Within a process one lock serialises the calls, so the runner's threads may share an instance. Calls run
/// through <see cref="LiteDbTransactions"/>: on a full disk a write fails within seconds with
/// <see cref="StoreDiskFullException"/> instead of hanging in LiteDB.
/// </summary>
/// <remarks>
/// Collections: <c>experiments</c> (_id "name␟version"), <c>trials</c> (Int64 _id; unique <c>Slot</c> index on
/// experiment+version+key; indexes on Experiment and State), <c>epochs</c> (_id "trialId:epoch", so an upsert
/// never duplicates; index on TrialId), models in LiteDB file storage under id "trial-{id}".
/// </remarks>
public sealed partial class LiteDbExperimentStore : IExperimentStore, IStoreTestSeams
{
    private readonly LiteDatabase _db;
    private readonly LiteDbTransactions _transactions;

    /// <summary>
    /// Opens the store file at <paramref name="path"/>, creating it (parent folders included) when it does not
    /// exist. An existing file must be a store: a file that is not (any size, empty included) is refused with
    /// <see cref="InvalidDataException"/> and left untouched.
    /// </summary>
    public LiteDbExperimentStore(string path) : this(path, readOnly: false) { }

    private LiteDbExperimentStore(string path, bool readOnly)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("store path is empty", nameof(path));
        Location = Path.GetFullPath(path);
        IsReadOnly = readOnly;
        bool existed;
        try
        {
            existed = StoreFile.ExistsAsLiteDbFile(Location);
            if (readOnly && !existed) throw new FileNotFoundException($"no store at '{Location}'", Location);
            if (!existed && Path.GetDirectoryName(Location) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            _db = new LiteDatabase(new ConnectionString { Filename = Location, Connection = ConnectionType.Shared, ReadOnly = readOnly });
            _transactions = new LiteDbTransactions(_db, Location, onFile: true, readOnly, this);
            if (existed) Transact(() => { StoreFile.RequireOnlyStoreCollections(Location, _db.GetCollectionNames()); return 0; });
            if (!readOnly) Initialize();
        }
        catch (Exception e) when (e is InvalidDataException or StoreDiskFullException or FileNotFoundException)
        {
            Close();
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Close();
            throw new IOException($"store '{Location}' could not be opened: {e.Message}", e);
        }
        catch (Exception e)
        {
            // A damaged LiteDB file surfaces as LiteException, ArgumentOutOfRangeException, ...
            Close();
            throw new InvalidDataException(
                $"store '{Location}' could not be opened as a LiteDB database (is it one?): {e.Message}", e);
        }
    }

    /// <summary>
    /// Opens an existing store for reading only: a missing file is <see cref="FileNotFoundException"/> (nothing is
    /// created), a file that is not a store is refused as by the constructor, and LiteDB opens the file read-only,
    /// so no call can change it; write calls throw <see cref="InvalidOperationException"/>.
    /// </summary>
    public static LiteDbExperimentStore OpenReadOnly(string path) => new(path, readOnly: true);

    private LiteDbExperimentStore(Stream stream)
    {
        Location = ":memory:";
        _db = new LiteDatabase(stream);
        _transactions = new LiteDbTransactions(_db, Location, onFile: false, readOnly: false, this);
        Initialize();
    }

    /// <summary>Releases what a failed constructor opened.</summary>
    private void Close()
    {
        if (_transactions is not null) _transactions.Dispose();
        else _db?.Dispose();
    }

    /// <summary>A store over a memory stream: same code paths (transactions included), gone when disposed.</summary>
    public static LiteDbExperimentStore InMemory() => new(new MemoryStream());

    /// <summary>The full path of the store file, or ":memory:".</summary>
    public string Location { get; }

    /// <summary>True when opened by <see cref="OpenReadOnly"/>.</summary>
    public bool IsReadOnly { get; }

    /// <summary>Who claims trials through this instance. Tests replace it to pose as another process.</summary>
    internal ProcessIdentity Identity { get; set; } = ProcessIdentity.Current;

    /// <summary>Added to the wall clock (UTC). Tests shift it to age heartbeats.</summary>
    internal TimeSpan ClockShift { get; set; }

    /// <summary>Called at named points inside write transactions; a test throws from it to inject a fault.</summary>
    internal Action<string>? FaultPoint { get; set; }

    ProcessIdentity IStoreTestSeams.Identity { get => Identity; set => Identity = value; }
    TimeSpan IStoreTestSeams.ClockShift { get => ClockShift; set => ClockShift = value; }
    Action<string>? IStoreTestSeams.FaultPoint { get => FaultPoint; set => FaultPoint = value; }

    /// <summary>How calls run; tests change its free-space limits and timing.</summary>
    internal LiteDbTransactions Transactions => _transactions;

    private DateTime Now() => StoreClock.Truncate(DateTime.UtcNow + ClockShift);

    private ILiteCollection<BsonDocument> ExperimentsCol => _db.GetCollection(StoreDocuments.Experiments);
    private ILiteCollection<BsonDocument> TrialsCol => _db.GetCollection(StoreDocuments.Trials, BsonAutoId.Int64);
    private ILiteCollection<BsonDocument> EpochsCol => _db.GetCollection(StoreDocuments.Epochs);

    private void Initialize() => Write(() =>
    {
        ExperimentsCol.EnsureIndex("Name");
        TrialsCol.EnsureIndex(StoreDocuments.Slot, unique: true);
        TrialsCol.EnsureIndex("Experiment");
        TrialsCol.EnsureIndex("State");
        EpochsCol.EnsureIndex("TrialId");
        return 0;
    });

    // ---------------------------------------------------------------- read side

    /// <inheritdoc />
    public IReadOnlyList<ExperimentRecord> ListExperiments() => Transact(() =>
        ExperimentsCol.FindAll().Select(StoreDocuments.ToExperiment)
            .OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Version).ToList());

    /// <inheritdoc />
    public ExperimentRecord? GetExperiment(string name, int? version = null) =>
        Transact(() => FindExperiment(name, version));

    /// <inheritdoc />
    /// <remarks>A null version means the latest version; an unknown experiment gives an empty list. Ordered by Number.</remarks>
    public IReadOnlyList<TrialRecord> GetTrials(string experiment, int? version = null) => Transact(() =>
    {
        var v = version ?? FindExperiment(experiment, null)?.Version;
        return v is { } resolved ? TrialsOf(experiment, resolved) : [];
    });

    /// <inheritdoc />
    public TrialRecord? GetTrial(long trialId) => Transact(() =>
        TrialsCol.FindById(trialId) is { } d ? StoreDocuments.ToTrial(d) : null);

    /// <inheritdoc />
    public IReadOnlyList<EpochRecord> GetEpochs(long trialId) => Transact(() =>
        EpochsCol.Find(Query.EQ("TrialId", trialId)).Select(StoreDocuments.ToEpoch).OrderBy(e => e.Epoch).ToList());

    /// <inheritdoc />
    public byte[]? LoadModel(long trialId) => Transact(() =>
        _db.FileStorage.FindById(StoreDocuments.ModelId(trialId)) is { } file ? Bytes(file) : null);

    // ---------------------------------------------------------------- write side

    /// <inheritdoc />
    /// <remarks>Same hash as the latest version: that version is returned, whatever <paramref name="newVersion"/> says.</remarks>
    public ExperimentRecord OpenExperiment(string name, string specJson, string specHash, bool newVersion)
    {
        ExperimentNames.Require(name);
        StoreRules.RequireText(specHash, nameof(specHash), "spec hash");
        ArgumentNullException.ThrowIfNull(specJson);
        return Write(() =>
        {
            var latest = FindExperiment(name, null);
            if (latest is not null && latest.SpecHash == specHash) return latest;
            if (latest is not null && !newVersion)
                throw new SpecChangedException(name, latest.Version, latest.SpecHash, specHash);
            var created = new ExperimentRecord
            {
                Name = name,
                Version = (latest?.Version ?? 0) + 1,
                SpecJson = specJson,
                SpecHash = specHash,
                CreatedUtc = Now(),
            };
            ExperimentsCol.Insert(StoreDocuments.ToDocument(created));
            return created;
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// A planned trial is matched by Key only: an existing trial with that key is kept as it is. Planned Id, State,
    /// Experiment and Version are ignored (the new trial is Pending in the given experiment version). The read of
    /// existing keys and the insert run in one transaction, and the Slot index (experiment, version, key) is unique,
    /// so concurrent callers never create a duplicate. Returns the version's trials ordered by Number.
    /// </remarks>
    public IReadOnlyList<TrialRecord> EnsureTrials(string experiment, int version, IReadOnlyList<TrialRecord> planned)
    {
        StoreRules.RequirePlan(planned, nameof(planned));
        return PlanTrials(experiment, version, _ => planned);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One LiteDB write transaction: in shared mode it holds the file's mutex from the read to the commit, so other
    /// processes on this host wait; within the process the store's calls run one at a time. The inserts follow
    /// <see cref="EnsureTrials"/>'s rules.
    /// </remarks>
    public IReadOnlyList<TrialRecord> PlanTrials(string experiment, int version,
        Func<IReadOnlyList<TrialRecord>, IReadOnlyList<TrialRecord>> plan)
    {
        StoreRules.RequireText(experiment, nameof(experiment), "experiment name");
        ArgumentNullException.ThrowIfNull(plan);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Write(() =>
                {
                    if (FindExperiment(experiment, version) is null)
                        throw new InvalidOperationException(
                            $"experiment '{experiment}' version {version} does not exist in store '{Location}'; open it first");
                    var stored = TrialsOf(experiment, version);
                    var planned = StoreRules.RequirePlan(plan(stored), nameof(plan));
                    var existing = stored.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
                    var now = Now();
                    var missing = planned.Where(t => !existing.Contains(t.Key))
                        .Select(t => StoreDocuments.ToDocument(
                            StoreRules.Replanned(t) with { Id = 0, Experiment = experiment, Version = version, CreatedUtc = now }, null))
                        .ToList();
                    if (missing.Count == 0) return stored;
                    TrialsCol.Insert(missing);
                    return TrialsOf(experiment, version);
                });
            }
            catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY && attempt == 0)
            {
                // Another writer inserted one of these keys between our read and insert (possible only if it
                // bypassed the shared-mode mutex); the retry reads it and inserts the rest.
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No trial has this id.</exception>
    public bool TryClaim(long trialId, string engine, string device, out TrialRecord running)
    {
        var (claimed, record) = Write(() => Claim(RequireTrial(trialId), engine, device, resume: false));
        running = record;
        return claimed;
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">One of the ids names no trial (nothing is claimed then).</exception>
    public IReadOnlyList<TrialRecord> ClaimAll(IReadOnlyList<long> trialIds, string engine, string device, bool resume = false)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        if (trialIds.Count == 0) return [];
        return Write(() =>
        {
            var docs = trialIds.Distinct().Select(RequireTrial).ToList(); // every id checked before any write
            var claimed = new List<TrialRecord>(docs.Count);
            foreach (var doc in docs)
                if (Claim(doc, engine, device, resume) is (true, var running)) claimed.Add(running);
            return claimed;
        });
    }

    /// <summary>Inside a transaction: moves a pending or interrupted trial to running for this process.</summary>
    private (bool Claimed, TrialRecord Trial) Claim(BsonDocument doc, string engine, string device, bool resume)
    {
        var current = StoreDocuments.ToTrial(doc);
        if (current.State is not (TrialState.Pending or TrialState.Interrupted)) return (false, current);
        var now = Now();
        var next = StoreRules.Replanned(current) with // nothing of an earlier attempt, then this one's
        {
            State = TrialState.Running,
            Engine = engine,
            Device = device,
            Host = Identity.Host,
            ProcessId = Identity.ProcessId,
            StartedUtc = now,
            HeartbeatUtc = now,
        };
        TrialsCol.Update(StoreDocuments.ToDocument(next, Identity.ProcessStartUtc));
        // Rows and model of an earlier (interrupted or re-queued) attempt would mix with this one's; a resumed attempt
        // keeps the rows its checkpoint has run.
        if (!resume) _db.FileStorage.Delete(StoreDocuments.CheckpointId(current.Id));
        var rows = Query.EQ("TrialId", current.Id);
        if (_db.FileStorage.FindById(StoreDocuments.CheckpointId(current.Id)) is { } checkpoint)
            rows = Query.And(rows, Query.GT("Epoch", checkpoint.Metadata["Epoch"].AsInt32));
        EpochsCol.DeleteMany(rows);
        _db.FileStorage.Delete(StoreDocuments.ModelId(current.Id));
        return (true, next);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The trial is not running in this process (finished, re-queued, never claimed).</exception>
    public void Heartbeat(long trialId) => Write(() =>
    {
        var doc = RequireTrial(trialId);
        RequireOwnedRunning(doc, "record a heartbeat for");
        doc["HeartbeatUtc"] = Now();
        TrialsCol.Update(doc);
        return 0;
    });

    /// <inheritdoc />
    /// <remarks>
    /// All rows land in one transaction. Each row's trial must be running in this process; its heartbeat is
    /// refreshed as well. Within one call a repeated (TrialId, Epoch) keeps the last row.
    /// </remarks>
    public void AppendEpochs(IReadOnlyList<EpochRecord> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0) return;
        foreach (var e in epochs)
            if (e.Epoch < 0)
                throw new ArgumentException($"trial {e.TrialId}: epoch {e.Epoch} is negative; epochs are numbered from 1", nameof(epochs));
        Write(() =>
        {
            var now = Now();
            foreach (var trialId in epochs.Select(e => e.TrialId).Distinct())
            {
                var doc = RequireTrial(trialId);
                RequireOwnedRunning(doc, "append epochs to");
                doc["HeartbeatUtc"] = now;
                TrialsCol.Update(doc);
            }
            EpochsCol.Upsert(epochs.Select(StoreDocuments.ToDocument));
            return 0;
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// The trial must be running in this process. State, FinishedUtc, Seconds, EpochsRun, BestEpoch, metrics,
    /// Error and the model are written in one transaction: a failure anywhere leaves the trial running and
    /// unchanged. <paramref name="outcome"/>.State must be a finished state or Interrupted.
    /// </remarks>
    public void Finish(long trialId, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State is TrialState.Pending or TrialState.Running)
            throw new ArgumentException(
                $"trial {trialId}: cannot finish in state {outcome.State}; use Complete, Pruned, Diverged, Failed or Interrupted",
                nameof(outcome));
        Write(() =>
        {
            var doc = RequireTrial(trialId);
            var current = RequireOwnedRunning(doc, "finish");
            var done = current with
            {
                State = outcome.State,
                FinishedUtc = Now(),
                Seconds = outcome.Seconds,
                EpochsRun = outcome.EpochsRun,
                BestEpoch = outcome.BestEpoch,
                ValidationAccuracy = outcome.ValidationAccuracy,
                ValidationLoss = outcome.ValidationLoss,
                TestAccuracy = outcome.TestAccuracy,
                TestLoss = outcome.TestLoss,
                Error = outcome.Error,
            };
            TrialsCol.Update(StoreDocuments.ToDocument(done, Identity.ProcessStartUtc));
            FaultPoint?.Invoke("finish:trial-written");
            if (outcome.Model is { } model)
            {
                var id = StoreDocuments.ModelId(trialId);
                using var source = new MemoryStream(model, writable: false);
                _db.FileStorage.Upload(id, id + ".model", source);
            }
            FaultPoint?.Invoke("finish:model-written");
            if (outcome.State.IsFinished()) _db.FileStorage.Delete(StoreDocuments.CheckpointId(trialId));
            return 0;
        }, payload: outcome.Model?.Length ?? 0);
    }

    /// <inheritdoc />
    public void SaveCheckpoint(long trialId, int epoch, byte[] state)
    {
        StoreRules.RequireCheckpoint(trialId, epoch, state);
        Write(() =>
        {
            var trial = RequireOwnedRunning(RequireTrial(trialId), "store a checkpoint of");
            long rows = EpochsCol.Count(Query.And(Query.EQ("TrialId", trialId), Query.Between("Epoch", 1, epoch)));
            StoreRules.RequireCheckpointRows(trial, epoch, rows);
            var id = StoreDocuments.CheckpointId(trialId);
            _db.FileStorage.Delete(id); // the earlier checkpoint
            using var source = new MemoryStream(state, writable: false);
            _db.FileStorage.Upload(id, id + ".checkpoint", source, new BsonDocument { ["Epoch"] = epoch });
            return 0;
        }, payload: state.Length);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<long, int> CheckpointEpochs(string experiment, int version) => Transact(() =>
    {
        var epochs = new Dictionary<long, int>();
        foreach (var t in TrialsOf(experiment, version))
            if (_db.FileStorage.FindById(StoreDocuments.CheckpointId(t.Id)) is { } file) epochs[t.Id] = file.Metadata["Epoch"].AsInt32;
        return epochs;
    });

    /// <inheritdoc />
    public TrialCheckpoint? LoadCheckpoint(long trialId) => Transact(() =>
        _db.FileStorage.FindById(StoreDocuments.CheckpointId(trialId)) is { } file ? new TrialCheckpoint(file.Metadata["Epoch"].AsInt32, Bytes(file)) : null);

    /// <summary>A stored file's content (inside a transaction).</summary>
    private static byte[] Bytes(LiteFileInfo<string> file)
    {
        using var buffer = new MemoryStream();
        file.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// A running trial is stale when its host is this machine and its process is gone, is a zombie, or is a
    /// different process under a recycled pid (start times differ); or, on any host, when its heartbeat is older
    /// than <paramref name="heartbeatGrace"/>. Stale trials go back to Pending with claim fields cleared; their
    /// epoch rows stay until the next claim removes them.
    /// </remarks>
    public int RequeueStale(TimeSpan heartbeatGrace)
    {
        if (heartbeatGrace <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(heartbeatGrace), heartbeatGrace, "the heartbeat grace period must be positive");
        return Write(() =>
        {
            var now = Now();
            var count = 0;
            foreach (var doc in TrialsCol.Find(Query.EQ("State", nameof(TrialState.Running))).ToList())
            {
                var t = StoreDocuments.ToTrial(doc);
                var processStart = doc[StoreDocuments.ProcessStartUtc] is { IsNull: false } s
                    ? DateTime.SpecifyKind(s.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)
                    : (DateTime?)null;
                var gone = t.Host == Identity.Host &&
                           (t.ProcessId is not { } pid || !ProcessLiveness.IsAlive(pid, processStart));
                var silent = t.HeartbeatUtc is not { } beat || now - beat > heartbeatGrace;
                if (!gone && !silent) continue;
                var pending = t with
                {
                    State = TrialState.Pending,
                    Engine = null,
                    Device = null,
                    Host = null,
                    ProcessId = null,
                    StartedUtc = null,
                    HeartbeatUtc = null,
                };
                TrialsCol.Update(StoreDocuments.ToDocument(pending, null));
                count++;
            }
            return count;
        });
    }

    /// <summary>Closes the database. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _transactions.Dispose();

    // ---------------------------------------------------------------- helpers

    /// <summary>A read-only LiteDB transaction (see <see cref="LiteDbTransactions"/>).</summary>
    private T Transact<T>(Func<T> body) => _transactions.Read(body);

    /// <summary>A writing LiteDB transaction of about <paramref name="payload"/> bytes, refused when the disk is (nearly) full.</summary>
    private T Write<T>(Func<T> body, long payload = 0) => _transactions.Write(body, payload);

    private ExperimentRecord? FindExperiment(string name, int? version)
    {
        if (version is { } v)
            return ExperimentsCol.FindById(StoreDocuments.ExperimentId(name, v)) is { } d ? StoreDocuments.ToExperiment(d) : null;
        return ExperimentsCol.Find(Query.EQ("Name", name)).Select(StoreDocuments.ToExperiment)
            .MaxBy(e => e.Version);
    }

    private List<TrialRecord> TrialsOf(string experiment, int version) =>
        TrialsCol.Find(Query.EQ("Experiment", experiment)).Select(StoreDocuments.ToTrial)
            .Where(t => t.Version == version).OrderBy(t => t.Number).ThenBy(t => t.Id).ToList();

    private BsonDocument RequireTrial(long trialId) =>
        TrialsCol.FindById(trialId) ?? throw new KeyNotFoundException($"trial {trialId} does not exist in store '{Location}'");

    private TrialRecord RequireOwnedRunning(BsonDocument doc, string action) =>
        StoreRules.RequireRunningHere(StoreDocuments.ToTrial(doc), Identity, action);
}
