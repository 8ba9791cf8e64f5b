using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Store.Postgres;

/// <summary>Rows of the PostgreSQL store read into records, and nullable values written as parameters.</summary>
internal static class PostgresRows
{
    /// <summary>The trial columns in the order <see cref="ToTrial"/> reads them.</summary>
    public const string TrialColumns =
        "id, experiment, version, number, key, repeat, seed, params, config_json, state, engine, device, host, " +
        "process_id, created_utc, started_utc, heartbeat_utc, finished_utc, seconds, epochs_run, best_epoch, " +
        "validation_accuracy, validation_loss, test_accuracy, test_loss, error";

    public const string EpochColumns =
        "trial_id, epoch, train_loss, train_accuracy, validation_loss, validation_accuracy, learning_rate, seconds";

    public static TrialRecord ToTrial(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Experiment = r.GetString(1),
        Version = r.GetInt32(2),
        Number = r.GetInt32(3),
        Key = r.GetString(4),
        Repeat = r.GetInt32(5),
        Seed = r.GetInt32(6),
        Params = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(7)) ?? [],
        ConfigJson = r.GetString(8),
        State = Enum.Parse<TrialState>(r.GetString(9)),
        Engine = Text(r, 10),
        Device = Text(r, 11),
        Host = Text(r, 12),
        ProcessId = r.IsDBNull(13) ? null : r.GetInt32(13),
        CreatedUtc = Time(r, 14)!.Value,
        StartedUtc = Time(r, 15),
        HeartbeatUtc = Time(r, 16),
        FinishedUtc = Time(r, 17),
        Seconds = Number(r, 18),
        EpochsRun = r.GetInt32(19),
        BestEpoch = r.IsDBNull(20) ? null : r.GetInt32(20),
        ValidationAccuracy = Number(r, 21),
        ValidationLoss = Number(r, 22),
        TestAccuracy = Number(r, 23),
        TestLoss = Number(r, 24),
        Error = Text(r, 25),
    };

    public static EpochRecord ToEpoch(NpgsqlDataReader r) => new()
    {
        TrialId = r.GetInt64(0),
        Epoch = r.GetInt32(1),
        TrainLoss = r.GetDouble(2),
        TrainAccuracy = r.GetDouble(3),
        ValidationLoss = r.GetDouble(4),
        ValidationAccuracy = r.GetDouble(5),
        LearningRate = r.GetDouble(6),
        Seconds = r.GetDouble(7),
    };

    public static ExperimentRecord ToExperiment(NpgsqlDataReader r) => new()
    {
        Name = r.GetString(0),
        Version = r.GetInt32(1),
        SpecJson = r.GetString(2),
        SpecHash = r.GetString(3),
        CreatedUtc = Time(r, 4)!.Value,
    };

    public const string ExperimentColumns = "name, version, spec_json, spec_hash, created_utc";

    public static string ParamsJson(Dictionary<string, string> values) => JsonSerializer.Serialize(values);

    /// <summary>Reads every row of <paramref name="command"/> with <paramref name="read"/>.</summary>
    public static List<T> ReadAll<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>A parameter that may be null, typed so PostgreSQL accepts the null.</summary>
    public static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static double? Number(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static DateTime? Time(NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTime.SpecifyKind(r.GetDateTime(i).ToUniversalTime(), DateTimeKind.Utc);
}
