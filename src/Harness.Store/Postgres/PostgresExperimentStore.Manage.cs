using static Harness.Store.Postgres.PostgresRows;

namespace Harness.Store.Postgres;

/// <summary>
/// Deleting and renaming experiments (each one transaction under the experiment's advisory lock, refused while a trial
/// runs) and retrying failed trials.
/// </summary>
public sealed partial class PostgresExperimentStore
{
    /// <inheritdoc />
    public bool DeleteExperiment(string name, int? version = null)
    {
        StoreRules.RequireText(name, nameof(name), "experiment name");
        return _calls.Run((c, tx) =>
        {
            LockName(c, tx, name);
            var versions = VersionsOf(c, tx, name).Where(e => version is null || e.Version == version).ToList();
            if (versions.Count == 0) return false;
            LiteDbExperimentStore.RequireNoneRunning(name, versions.SelectMany(e => TrialsOf(c, tx, name, e.Version)), "delete");
            var where = "(SELECT id FROM trials WHERE experiment = @name AND version = ANY(@versions))";
            foreach (var sql in new[]
                     {
                         $"DELETE FROM epochs WHERE trial_id IN {where}", $"DELETE FROM models WHERE trial_id IN {where}",
                         $"DELETE FROM checkpoints WHERE trial_id IN {where}",
                         "DELETE FROM trials WHERE experiment = @name AND version = ANY(@versions)",
                         "DELETE FROM experiments WHERE name = @name AND version = ANY(@versions)",
                     })
            {
                var command = Command(c, tx, sql);
                command.Parameters.AddWithValue("name", name);
                command.Parameters.AddWithValue("versions", versions.Select(e => e.Version).ToArray());
                command.ExecuteNonQuery();
            }
            return true;
        });
    }

    /// <inheritdoc />
    public void RenameExperiment(string name, string newName)
    {
        StoreRules.RequireText(name, nameof(name), "experiment name");
        ExperimentNames.Require(newName, "new experiment name");
        _calls.Run((c, tx) =>
        {
            // Both names locked in a fixed order, so two renames never wait on each other crosswise.
            foreach (var n in new[] { name, newName }.Order(StringComparer.Ordinal)) LockName(c, tx, n);
            var versions = VersionsOf(c, tx, name);
            if (versions.Count == 0)
                throw new ArgumentException($"there is no experiment '{name}' in store {Location} to rename", nameof(name));
            if (newName == name || VersionsOf(c, tx, newName).Count > 0)
                throw new ArgumentException($"new experiment name '{newName}' is taken; choose a name no experiment has", nameof(newName));
            LiteDbExperimentStore.RequireNoneRunning(name, versions.SelectMany(e => TrialsOf(c, tx, name, e.Version)), "rename");
            // The trials' foreign key names the experiment: new rows first, then the trials, then the old rows.
            foreach (var e in versions)
            {
                var insert = Command(c, tx, $"INSERT INTO experiments ({ExperimentColumns}) VALUES (@name, @version, @json, @hash, @created)");
                insert.Parameters.AddWithValue("name", newName);
                insert.Parameters.AddWithValue("version", e.Version);
                insert.Parameters.AddWithValue("json", SpecRename.Apply(e.SpecJson, name, newName));
                insert.Parameters.AddWithValue("hash", e.SpecHash);
                insert.Parameters.AddWithValue("created", e.CreatedUtc);
                insert.ExecuteNonQuery();
            }
            foreach (var sql in new[] { "UPDATE trials SET experiment = @newName WHERE experiment = @name", "DELETE FROM experiments WHERE name = @name" })
            {
                var command = Command(c, tx, sql);
                command.Parameters.AddWithValue("name", name);
                command.Parameters.AddWithValue("newName", newName);
                command.ExecuteNonQuery();
            }
            return 0;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> RetryFailed(string name, int version)
    {
        StoreRules.RequireText(name, nameof(name), "experiment name");
        return _calls.Run((c, tx) =>
        {
            LockName(c, tx, name);
            var retry = Command(c, tx,
                "UPDATE trials SET state = 'Pending', engine = NULL, device = NULL, host = NULL, process_id = NULL, " +
                "process_start_utc = NULL, lease_token = NULL, started_utc = NULL, heartbeat_utc = NULL, finished_utc = NULL, " +
                "seconds = NULL, epochs_run = 0, best_epoch = NULL, validation_accuracy = NULL, validation_loss = NULL, " +
                $"test_accuracy = NULL, test_loss = NULL, error = NULL WHERE experiment = @name AND version = @version AND state = 'Failed' RETURNING {TrialColumns}");
            retry.Parameters.AddWithValue("name", name);
            retry.Parameters.AddWithValue("version", version);
            var retried = ReadAll(retry, ToTrial).OrderBy(t => t.Number).ToList();
            foreach (var table in new[] { "epochs", "models", "checkpoints" })
            {
                var clear = Command(c, tx, $"DELETE FROM {table} WHERE trial_id = ANY(@ids)");
                clear.Parameters.AddWithValue("ids", retried.Select(t => t.Id).ToArray());
                clear.ExecuteNonQuery();
            }
            return (IReadOnlyList<TrialRecord>)retried;
        });
    }

    private void LockName(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, string name)
    {
        var command = Command(c, tx, "SELECT pg_advisory_xact_lock(hashtext('harness-experiment:' || @name))");
        command.Parameters.AddWithValue("name", name);
        command.ExecuteNonQuery();
    }

    private List<ExperimentRecord> VersionsOf(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, string name)
    {
        var command = Command(c, tx, $"SELECT {ExperimentColumns} FROM experiments WHERE name = @name ORDER BY version");
        command.Parameters.AddWithValue("name", name);
        return ReadAll(command, ToExperiment);
    }
}
