using Npgsql;
using NpgsqlTypes;
using static Harness.Store.Postgres.PostgresRows;

namespace Harness.Store.Postgres;

/// <summary>The write side: opening experiments, planning trials, claims, heartbeats, epoch rows, ends, re-queues.</summary>
public sealed partial class PostgresExperimentStore
{
    /// <inheritdoc />
    /// <remarks>Serialised per experiment name by an advisory lock, so workers opening one name together create one version.</remarks>
    public ExperimentRecord OpenExperiment(string name, string specJson, string specHash, bool newVersion)
    {
        ExperimentNames.Require(name);
        StoreRules.RequireText(specHash, nameof(specHash), "spec hash");
        ArgumentNullException.ThrowIfNull(specJson);
        return _calls.Run((c, tx) =>
        {
            LockName(c, tx, name);
            var latest = FindExperiment(c, tx, name, null);
            if (latest is not null && latest.SpecHash == specHash) return latest;
            if (latest is not null && !newVersion) throw new SpecChangedException(name, latest.Version, latest.SpecHash, specHash);
            var insert = Command(c, tx, $"INSERT INTO experiments ({ExperimentColumns}) VALUES (@name, @version, @json, @hash, {Now}) " +
                                        $"RETURNING {ExperimentColumns}");
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("version", (latest?.Version ?? 0) + 1);
            insert.Parameters.AddWithValue("json", specJson);
            insert.Parameters.AddWithValue("hash", specHash);
            return ReadAll(insert, ToExperiment).Single();
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction under the version's planning lock (see <see cref="PlanTrials"/>), and <c>ON CONFLICT DO
    /// NOTHING</c> on (experiment, version, key): concurrent callers never duplicate a key.
    /// </remarks>
    public IReadOnlyList<TrialRecord> EnsureTrials(string experiment, int version, IReadOnlyList<TrialRecord> planned)
    {
        StoreRules.RequirePlan(planned, nameof(planned));
        return PlanTrials(experiment, version, _ => planned);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction that first takes <c>pg_advisory_xact_lock</c> on the experiment name and version, so planners
    /// in every process and host that share the server run one at a time per version; the lock ends with the
    /// transaction (commit, rollback or a dropped connection).
    /// </remarks>
    public IReadOnlyList<TrialRecord> PlanTrials(string experiment, int version,
        Func<IReadOnlyList<TrialRecord>, IReadOnlyList<TrialRecord>> plan)
    {
        StoreRules.RequireText(experiment, nameof(experiment), "experiment name");
        ArgumentNullException.ThrowIfNull(plan);
        return _calls.Run((c, tx) =>
        {
            var lockVersion = Command(c, tx, "SELECT pg_advisory_xact_lock(hashtext('harness-plan:' || @e), @v)");
            lockVersion.Parameters.AddWithValue("e", experiment);
            lockVersion.Parameters.AddWithValue("v", version);
            lockVersion.ExecuteNonQuery();
            if (FindExperiment(c, tx, experiment, version) is null)
                throw new InvalidOperationException($"experiment '{experiment}' version {version} does not exist in store {Location}; open it first");
            var stored = TrialsOf(c, tx, experiment, version);
            var planned = StoreRules.RequirePlan(plan(stored), nameof(plan));
            var known = stored.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
            if (planned.All(t => known.Contains(t.Key))) return stored;
            Insert(c, tx, experiment, version, planned);
            return TrialsOf(c, tx, experiment, version);
        });
    }

    /// <summary>Inserts the plan's trials whose key is new, pending, in one statement (a large random search is thousands of rows), in plan order.</summary>
    private void Insert(NpgsqlConnection c, NpgsqlTransaction tx, string experiment, int version, IReadOnlyList<TrialRecord> planned)
    {
        var insert = Command(c, tx,
            "INSERT INTO trials (experiment, version, number, key, repeat, seed, params, config_json, state, created_utc) " +
            $"SELECT @e, @v, u.number, u.key, u.repeat, u.seed, u.params, u.config, 'Pending', {Now} " +
            "FROM unnest(@numbers, @keys, @repeats, @seeds, @params, @configs) WITH ORDINALITY AS u(number, key, repeat, seed, params, config, i) " +
            "ORDER BY u.i ON CONFLICT (experiment, version, key) DO NOTHING");
        insert.Parameters.AddWithValue("e", experiment);
        insert.Parameters.AddWithValue("v", version);
        insert.Parameters.AddWithValue("numbers", planned.Select(t => t.Number).ToArray());
        insert.Parameters.AddWithValue("keys", planned.Select(t => t.Key).ToArray());
        insert.Parameters.AddWithValue("repeats", planned.Select(t => t.Repeat).ToArray());
        insert.Parameters.AddWithValue("seeds", planned.Select(t => t.Seed).ToArray());
        insert.Parameters.AddWithValue("params", planned.Select(t => ParamsJson(t.Params)).ToArray());
        insert.Parameters.AddWithValue("configs", planned.Select(t => t.ConfigJson).ToArray());
        insert.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public bool TryClaim(long trialId, string engine, string device, out TrialRecord running)
    {
        var claimed = ClaimAll([trialId], engine, device);
        running = claimed.Count == 1 ? claimed[0] : GetTrial(trialId) ?? throw new KeyNotFoundException($"trial {trialId} does not exist in store {Location}");
        return claimed.Count == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the claimable rows among the ids are locked with <c>FOR UPDATE SKIP LOCKED</c> (a row
    /// another worker is claiming right now is left to it), moved to running under a fresh lease token, and the
    /// rows, model and checkpoint of an earlier attempt are removed (with <paramref name="resume"/>, a checkpoint and
    /// the rows up to its epoch stay).
    /// </remarks>
    public IReadOnlyList<TrialRecord> ClaimAll(IReadOnlyList<long> trialIds, string engine, string device, bool resume = false)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        if (trialIds.Count == 0) return [];
        var ids = trialIds.Distinct().ToArray();
        var token = Guid.NewGuid();
        var claimed = _calls.Run((c, tx) =>
        {
            var known = Command(c, tx, "SELECT id FROM trials WHERE id = ANY(@ids)");
            known.Parameters.AddWithValue("ids", ids);
            var found = ReadAll(known, r => r.GetInt64(0)).ToHashSet();
            if (ids.Where(id => !found.Contains(id)).Select(id => (long?)id).FirstOrDefault() is { } missing)
                throw new KeyNotFoundException($"trial {missing} does not exist in store {Location}");
            var claim = Command(c, tx,
                "WITH free AS (SELECT id FROM trials WHERE id = ANY(@ids) AND state IN ('Pending', 'Interrupted') FOR UPDATE SKIP LOCKED) " +
                $"UPDATE trials t SET state = 'Running', engine = @engine, device = @device, host = @host, process_id = @pid, " +
                $"process_start_utc = @start, lease_token = @token, started_utc = {Now}, heartbeat_utc = {Now}, finished_utc = NULL, " +
                "seconds = NULL, epochs_run = 0, best_epoch = NULL, validation_accuracy = NULL, validation_loss = NULL, " +
                $"test_accuracy = NULL, test_loss = NULL, error = NULL FROM free WHERE t.id = free.id RETURNING {Prefixed("t.")}");
            claim.Parameters.AddWithValue("ids", ids);
            claim.Parameters.AddWithValue("engine", engine);
            claim.Parameters.AddWithValue("device", device);
            claim.Parameters.AddWithValue("host", Identity.Host);
            claim.Parameters.AddWithValue("pid", Identity.ProcessId);
            claim.Parameters.AddWithValue("start", Identity.ProcessStartUtc);
            claim.Parameters.AddWithValue("token", token);
            var rows = ReadAll(claim, ToTrial);
            var claimedIds = rows.Select(r => r.Id).ToArray();
            // Without resume the checkpoints go first; then every row past a trial's checkpoint (all, without one).
            string[] clears = [.. resume ? [] : new[] { "DELETE FROM checkpoints WHERE trial_id = ANY(@ids)" },
                "DELETE FROM epochs e WHERE e.trial_id = ANY(@ids) AND NOT EXISTS " +
                "(SELECT 1 FROM checkpoints k WHERE k.trial_id = e.trial_id AND e.epoch <= k.epoch)",
                "DELETE FROM models WHERE trial_id = ANY(@ids)"];
            foreach (var sql in clears)
            {
                var clear = Command(c, tx, sql);
                clear.Parameters.AddWithValue("ids", claimedIds);
                clear.ExecuteNonQuery();
            }
            return rows;
        });
        foreach (var t in claimed) _leases[t.Id] = token;
        var byId = claimed.ToDictionary(t => t.Id);
        return [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
    }

    /// <inheritdoc />
    public void Heartbeat(long trialId) => _calls.Run((c, tx) =>
    {
        LockLeased(c, tx, trialId, "record a heartbeat for");
        Touch(c, tx, [trialId]);
        return 0;
    });

    /// <inheritdoc />
    /// <remarks>One transaction; each row's trial must be running under this instance's lease; a (TrialId, Epoch) that exists is replaced.</remarks>
    public void AppendEpochs(IReadOnlyList<EpochRecord> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0) return;
        foreach (var e in epochs)
            if (e.Epoch < 0) throw new ArgumentException($"trial {e.TrialId}: epoch {e.Epoch} is negative; epochs are numbered from 1", nameof(epochs));
        _calls.Run((c, tx) =>
        {
            var trials = epochs.Select(e => e.TrialId).Distinct().ToArray();
            foreach (var id in trials) LockLeased(c, tx, id, "append epochs to");
            Touch(c, tx, trials);
            foreach (var e in epochs) UpsertEpoch(c, tx, e);
            return 0;
        });
    }

    /// <inheritdoc />
    public void Finish(long trialId, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State is TrialState.Pending or TrialState.Running)
            throw new ArgumentException(
                $"trial {trialId}: cannot finish in state {outcome.State}; use Complete, Pruned, Diverged, Failed or Interrupted", nameof(outcome));
        _calls.Run((c, tx) =>
        {
            LockLeased(c, tx, trialId, "finish");
            var end = Command(c, tx,
                $"UPDATE trials SET state = @state, finished_utc = {Now}, seconds = @seconds, epochs_run = @epochs, best_epoch = @best, " +
                "validation_accuracy = @va, validation_loss = @vl, test_accuracy = @ta, test_loss = @tl, error = @error WHERE id = @id");
            end.Parameters.AddWithValue("id", trialId);
            end.Parameters.AddWithValue("state", outcome.State.ToString());
            end.Parameters.AddWithValue("seconds", outcome.Seconds);
            end.Parameters.AddWithValue("epochs", outcome.EpochsRun);
            end.Parameters.Add(Nullable("best", NpgsqlDbType.Integer, outcome.BestEpoch));
            end.Parameters.Add(Nullable("va", NpgsqlDbType.Double, outcome.ValidationAccuracy));
            end.Parameters.Add(Nullable("vl", NpgsqlDbType.Double, outcome.ValidationLoss));
            end.Parameters.Add(Nullable("ta", NpgsqlDbType.Double, outcome.TestAccuracy));
            end.Parameters.Add(Nullable("tl", NpgsqlDbType.Double, outcome.TestLoss));
            end.Parameters.Add(Nullable("error", NpgsqlDbType.Text, outcome.Error));
            end.ExecuteNonQuery();
            FaultPoint?.Invoke("finish:trial-written");
            if (outcome.Model is { } model) SaveModel(c, tx, trialId, model);
            FaultPoint?.Invoke("finish:model-written");
            if (outcome.State.IsFinished())
            {
                var drop = Command(c, tx, "DELETE FROM checkpoints WHERE trial_id = @id");
                drop.Parameters.AddWithValue("id", trialId);
                drop.ExecuteNonQuery();
            }
            return 0;
        });
        _leases.TryRemove(trialId, out _);
    }

    /// <inheritdoc />
    public void SaveCheckpoint(long trialId, int epoch, byte[] state)
    {
        StoreRules.RequireCheckpoint(trialId, epoch, state);
        _calls.Run((c, tx) =>
        {
            var trial = LockLeased(c, tx, trialId, "store a checkpoint of");
            var count = Command(c, tx, "SELECT count(*) FROM epochs WHERE trial_id = @id AND epoch BETWEEN 1 AND @epoch");
            count.Parameters.AddWithValue("id", trialId);
            count.Parameters.AddWithValue("epoch", epoch);
            StoreRules.RequireCheckpointRows(trial, epoch, (long)count.ExecuteScalar()!);
            var save = Command(c, tx, "INSERT INTO checkpoints (trial_id, epoch, bytes) VALUES (@id, @epoch, @bytes) " +
                "ON CONFLICT (trial_id) DO UPDATE SET epoch = excluded.epoch, bytes = excluded.bytes");
            save.Parameters.AddWithValue("id", trialId);
            save.Parameters.AddWithValue("epoch", epoch);
            save.Parameters.AddWithValue("bytes", state);
            save.ExecuteNonQuery();
            Touch(c, tx, [trialId]);
            return 0;
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// Stale: on this host with its process gone (or its pid recycled), or, on any host, a heartbeat older than
    /// <paramref name="heartbeatGrace"/> by the server's clock. Rows held by another transaction are skipped.
    /// </remarks>
    public int RequeueStale(TimeSpan heartbeatGrace)
    {
        if (heartbeatGrace <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(heartbeatGrace), heartbeatGrace, "the heartbeat grace period must be positive");
        return _calls.Run((c, tx) =>
        {
            var running = Command(c, tx,
                $"SELECT id, host, process_id, process_start_utc, heartbeat_utc IS NULL OR heartbeat_utc < {Now} - @grace " +
                "FROM trials WHERE state = 'Running' FOR UPDATE SKIP LOCKED");
            running.Parameters.AddWithValue("grace", heartbeatGrace);
            var stale = ReadAll(running, r => (Id: r.GetInt64(0), Host: r.IsDBNull(1) ? null : r.GetString(1),
                    Pid: r.IsDBNull(2) ? (int?)null : r.GetInt32(2),
                    Start: r.IsDBNull(3) ? (DateTime?)null : DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc), Silent: r.GetBoolean(4)))
                .Where(t => t.Silent || (t.Host == Identity.Host && (t.Pid is not { } pid || !ProcessLiveness.IsAlive(pid, t.Start))))
                .Select(t => t.Id).ToArray();
            var requeue = Command(c, tx,
                "UPDATE trials SET state = 'Pending', engine = NULL, device = NULL, host = NULL, process_id = NULL, " +
                "process_start_utc = NULL, lease_token = NULL, started_utc = NULL, heartbeat_utc = NULL WHERE id = ANY(@ids)");
            requeue.Parameters.AddWithValue("ids", stale);
            return requeue.ExecuteNonQuery();
        });
    }

    // ---------------------------------------------------------------- write helpers

    /// <summary>Locks the trial's row and checks that this instance holds its lease.</summary>
    private TrialRecord LockLeased(NpgsqlConnection c, NpgsqlTransaction tx, long trialId, string action)
    {
        var command = Command(c, tx, $"SELECT {TrialColumns}, lease_token FROM trials WHERE id = @id FOR UPDATE");
        command.Parameters.AddWithValue("id", trialId);
        var row = ReadAll(command, r => (Trial: ToTrial(r), Token: r.IsDBNull(26) ? (Guid?)null : r.GetGuid(26))).FirstOrDefault();
        if (row.Trial is null) throw new KeyNotFoundException($"trial {trialId} does not exist in store {Location}");
        RequireLeased(row.Trial, row.Token, action);
        return row.Trial;
    }

    private void Touch(NpgsqlConnection c, NpgsqlTransaction tx, long[] trialIds)
    {
        var beat = Command(c, tx, $"UPDATE trials SET heartbeat_utc = {Now} WHERE id = ANY(@ids)");
        beat.Parameters.AddWithValue("ids", trialIds);
        beat.ExecuteNonQuery();
    }

    private void UpsertEpoch(NpgsqlConnection c, NpgsqlTransaction tx, EpochRecord e)
    {
        var upsert = Command(c, tx,
            $"INSERT INTO epochs ({EpochColumns}) VALUES (@t, @epoch, @tl, @ta, @vl, @va, @lr, @s) ON CONFLICT (trial_id, epoch) DO UPDATE SET " +
            "train_loss = excluded.train_loss, train_accuracy = excluded.train_accuracy, validation_loss = excluded.validation_loss, " +
            "validation_accuracy = excluded.validation_accuracy, learning_rate = excluded.learning_rate, seconds = excluded.seconds");
        upsert.Parameters.AddWithValue("t", e.TrialId);
        upsert.Parameters.AddWithValue("epoch", e.Epoch);
        upsert.Parameters.AddWithValue("tl", e.TrainLoss);
        upsert.Parameters.AddWithValue("ta", e.TrainAccuracy);
        upsert.Parameters.AddWithValue("vl", e.ValidationLoss);
        upsert.Parameters.AddWithValue("va", e.ValidationAccuracy);
        upsert.Parameters.AddWithValue("lr", e.LearningRate);
        upsert.Parameters.AddWithValue("s", e.Seconds);
        upsert.ExecuteNonQuery();
    }

    private void SaveModel(NpgsqlConnection c, NpgsqlTransaction tx, long trialId, byte[] model)
    {
        var save = Command(c, tx, "INSERT INTO models (trial_id, bytes) VALUES (@id, @bytes) ON CONFLICT (trial_id) DO UPDATE SET bytes = excluded.bytes");
        save.Parameters.AddWithValue("id", trialId);
        save.Parameters.AddWithValue("bytes", model);
        save.ExecuteNonQuery();
    }

    private static string Prefixed(string prefix) =>
        string.Join(", ", TrialColumns.Split(", ").Select(column => prefix + column));
}
