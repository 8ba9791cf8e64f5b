using Npgsql;

namespace Harness.Store.Postgres;

/// <summary>
/// The tables of a PostgreSQL store, created on first use under an advisory lock (so workers starting together
/// create them once) and stamped with a version number in <c>harness_schema</c>. A store written by a newer
/// harness (a higher version) is refused instead of being misread. A table added later (<c>checkpoints</c>) is created
/// the same way in a store of the same version, and its rows go with their trial (ON DELETE CASCADE), so a harness
/// that predates it still reads and deletes such a store.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The schema this code reads and writes.</summary>
    public const int Version = 1;

    /// <summary>Advisory lock key held while the tables are created ("harness1" as an int64).</summary>
    private const long CreateLock = 0x68_61_72_6e_65_73_73_31;

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS harness_schema (version integer NOT NULL);
        CREATE TABLE IF NOT EXISTS experiments (
            name text NOT NULL, version integer NOT NULL, spec_json text NOT NULL, spec_hash text NOT NULL,
            created_utc timestamptz NOT NULL, PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS trials (
            id bigserial PRIMARY KEY, experiment text NOT NULL, version integer NOT NULL, number integer NOT NULL,
            key text NOT NULL, repeat integer NOT NULL, seed integer NOT NULL, params text NOT NULL,
            config_json text NOT NULL, state text NOT NULL, engine text, device text, host text, process_id integer,
            process_start_utc timestamptz, lease_token uuid, created_utc timestamptz NOT NULL, started_utc timestamptz,
            heartbeat_utc timestamptz, finished_utc timestamptz, seconds double precision,
            epochs_run integer NOT NULL DEFAULT 0, best_epoch integer, validation_accuracy double precision,
            validation_loss double precision, test_accuracy double precision, test_loss double precision, error text,
            UNIQUE (experiment, version, key),
            FOREIGN KEY (experiment, version) REFERENCES experiments (name, version));
        CREATE INDEX IF NOT EXISTS trials_state ON trials (state);
        CREATE TABLE IF NOT EXISTS epochs (
            trial_id bigint NOT NULL REFERENCES trials (id), epoch integer NOT NULL, train_loss double precision NOT NULL,
            train_accuracy double precision NOT NULL, validation_loss double precision NOT NULL,
            validation_accuracy double precision NOT NULL, learning_rate double precision NOT NULL,
            seconds double precision NOT NULL, PRIMARY KEY (trial_id, epoch));
        CREATE TABLE IF NOT EXISTS models (trial_id bigint PRIMARY KEY REFERENCES trials (id), bytes bytea NOT NULL);
        CREATE TABLE IF NOT EXISTS checkpoints (
            trial_id bigint PRIMARY KEY REFERENCES trials (id) ON DELETE CASCADE, epoch integer NOT NULL, bytes bytea NOT NULL);
        """;

    /// <summary>Creates the schema (and the tables) when missing; refuses a newer version.</summary>
    public static void Ensure(NpgsqlConnection connection, NpgsqlTransaction tx, string? schema, string location)
    {
        Exec(connection, tx, $"SELECT pg_advisory_xact_lock({CreateLock})");
        if (schema is not null) Exec(connection, tx, $"CREATE SCHEMA IF NOT EXISTS \"{schema}\"");
        Exec(connection, tx, Tables);
        using var read = new NpgsqlCommand("SELECT max(version) FROM harness_schema", connection, tx);
        var found = read.ExecuteScalar();
        if (found is int v && v > Version)
            throw new InvalidDataException(
                $"store {location} has schema version {v}, newer than this harness understands ({Version}); update harness");
        if (found is not int) Exec(connection, tx, $"INSERT INTO harness_schema (version) VALUES ({Version})");
    }

    private static void Exec(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }
}
