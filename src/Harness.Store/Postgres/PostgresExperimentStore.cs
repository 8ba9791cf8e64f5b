using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using static Harness.Store.Postgres.PostgresRows;

namespace Harness.Store.Postgres;

/// <summary>
/// The store on a PostgreSQL server, for workers on many hosts. Every call is one short transaction. Times
/// (claims, heartbeats, ends) are the server's clock (<c>now()</c>, to the millisecond), so the workers' clocks
/// never matter. A claim locks the rows it takes with <c>FOR UPDATE SKIP LOCKED</c> and gives them a fresh lease
/// token; heartbeats, epoch rows and the finish are accepted only from the process holding that token, so a
/// late finisher whose trial was re-queued (and perhaps claimed again) is refused. When the server goes away
/// after the store opened, calls wait and retry (see <see cref="RetryFor"/>).
/// </summary>
public sealed partial class PostgresExperimentStore : IExperimentStore, IStoreTestSeams
{
    private readonly PostgresCalls _calls;
    private readonly ConcurrentDictionary<long, Guid> _leases = new();

    /// <summary>
    /// Connects with <paramref name="connectionString"/> (Npgsql syntax; its SearchPath, when set, names the
    /// schema to use, created when missing) and creates the tables on first use. <paramref name="location"/> is
    /// how messages name the store (without a password). An unreachable server, a refused login or a missing
    /// database throws <see cref="StoreUnavailableException"/> at once.
    /// </summary>
    public PostgresExperimentStore(string connectionString, string location)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = location;
        var source = NpgsqlDataSource.Create(builder);
        _calls = new PostgresCalls(source, location, builder.Password);
        try
        {
            _calls.Once((c, tx) => { PostgresSchema.Ensure(c, tx, builder.SearchPath, location); return 0; });
        }
        catch
        {
            _calls.Dispose();
            throw;
        }
    }

    /// <summary>How the store is named in messages: its URI without the password.</summary>
    public string Location { get; }

    /// <summary>How long a call waits for an unreachable server before it throws <see cref="StoreUnavailableException"/>.</summary>
    public TimeSpan RetryFor { get => _calls.RetryFor; set => _calls.RetryFor = value; }

    /// <summary>Where "server unreachable, retrying" messages go; null: nowhere.</summary>
    public Action<string>? Notice { get => _calls.Notice; set => _calls.Notice = value; }

    /// <inheritdoc cref="IStoreTestSeams.Identity"/>
    internal ProcessIdentity Identity { get; set; } = ProcessIdentity.Current;
    internal TimeSpan ClockShift { get; set; }
    internal Action<string>? FaultPoint { get; set; }

    ProcessIdentity IStoreTestSeams.Identity { get => Identity; set => Identity = value; }
    TimeSpan IStoreTestSeams.ClockShift { get => ClockShift; set => ClockShift = value; }
    Action<string>? IStoreTestSeams.FaultPoint { get => FaultPoint; set => FaultPoint = value; }

    /// <summary>The server's clock to the millisecond (plus the test shift), as SQL; needs the @shift parameter.</summary>
    private const string Now = "date_trunc('milliseconds', now() + @shift)";

    // ---------------------------------------------------------------- read side

    /// <inheritdoc />
    public IReadOnlyList<ExperimentRecord> ListExperiments() => _calls.Run((c, tx) =>
        ReadAll(Command(c, tx, $"SELECT {ExperimentColumns} FROM experiments ORDER BY name COLLATE \"C\", version"), ToExperiment));

    /// <inheritdoc />
    public ExperimentRecord? GetExperiment(string name, int? version = null) =>
        _calls.Run((c, tx) => FindExperiment(c, tx, name, version));

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> GetTrials(string experiment, int? version = null) => _calls.Run((c, tx) =>
    {
        var v = version ?? FindExperiment(c, tx, experiment, null)?.Version;
        return v is { } resolved ? TrialsOf(c, tx, experiment, resolved) : [];
    });

    /// <inheritdoc />
    public TrialRecord? GetTrial(long trialId) => _calls.Run((c, tx) => FindTrial(c, tx, trialId, forUpdate: false));

    /// <inheritdoc />
    public IReadOnlyList<EpochRecord> GetEpochs(long trialId) => _calls.Run((c, tx) =>
    {
        var command = Command(c, tx, $"SELECT {EpochColumns} FROM epochs WHERE trial_id = @id ORDER BY epoch");
        command.Parameters.AddWithValue("id", trialId);
        return ReadAll(command, ToEpoch);
    });

    /// <inheritdoc />
    public byte[]? LoadModel(long trialId) => _calls.Run((c, tx) =>
    {
        var command = Command(c, tx, "SELECT bytes FROM models WHERE trial_id = @id");
        command.Parameters.AddWithValue("id", trialId);
        return command.ExecuteScalar() as byte[];
    });

    /// <inheritdoc />
    public IReadOnlyDictionary<long, int> CheckpointEpochs(string experiment, int version) => _calls.Run((c, tx) =>
    {
        var command = Command(c, tx, "SELECT k.trial_id, k.epoch FROM checkpoints k JOIN trials t ON t.id = k.trial_id " +
            "WHERE t.experiment = @experiment AND t.version = @version");
        command.Parameters.AddWithValue("experiment", experiment);
        command.Parameters.AddWithValue("version", version);
        return (IReadOnlyDictionary<long, int>)ReadAll(command, r => (Id: r.GetInt64(0), Epoch: r.GetInt32(1))).ToDictionary(k => k.Id, k => k.Epoch);
    });

    /// <inheritdoc />
    public TrialCheckpoint? LoadCheckpoint(long trialId) => _calls.Run((c, tx) =>
    {
        var command = Command(c, tx, "SELECT epoch, bytes FROM checkpoints WHERE trial_id = @id");
        command.Parameters.AddWithValue("id", trialId);
        return ReadAll(command, r => new TrialCheckpoint(r.GetInt32(0), (byte[])r[1])).FirstOrDefault();
    });

    /// <summary>Closes the connection pool. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _calls.Dispose();

    // ---------------------------------------------------------------- helpers

    private NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction tx, string sql)
    {
        var command = new NpgsqlCommand(sql, c, tx);
        if (sql.Contains("@shift", StringComparison.Ordinal)) command.Parameters.AddWithValue("shift", ClockShift);
        return command;
    }

    private ExperimentRecord? FindExperiment(NpgsqlConnection c, NpgsqlTransaction tx, string name, int? version)
    {
        var command = Command(c, tx, $"SELECT {ExperimentColumns} FROM experiments WHERE name = @name " +
                                     (version is null ? "ORDER BY version DESC LIMIT 1" : "AND version = @version"));
        command.Parameters.AddWithValue("name", name);
        if (version is { } v) command.Parameters.AddWithValue("version", v);
        return ReadAll(command, ToExperiment).FirstOrDefault();
    }

    private List<TrialRecord> TrialsOf(NpgsqlConnection c, NpgsqlTransaction tx, string experiment, int version)
    {
        var command = Command(c, tx, $"SELECT {TrialColumns} FROM trials WHERE experiment = @e AND version = @v ORDER BY number, id");
        command.Parameters.AddWithValue("e", experiment);
        command.Parameters.AddWithValue("v", version);
        return ReadAll(command, ToTrial);
    }

    private TrialRecord? FindTrial(NpgsqlConnection c, NpgsqlTransaction tx, long trialId, bool forUpdate)
    {
        var command = Command(c, tx, $"SELECT {TrialColumns} FROM trials WHERE id = @id" + (forUpdate ? " FOR UPDATE" : ""));
        command.Parameters.AddWithValue("id", trialId);
        return ReadAll(command, ToTrial).FirstOrDefault();
    }

    private TrialRecord RequireTrial(NpgsqlConnection c, NpgsqlTransaction tx, long trialId, bool forUpdate) =>
        FindTrial(c, tx, trialId, forUpdate) ?? throw new KeyNotFoundException($"trial {trialId} does not exist in store {Location}");

    /// <summary>Refuses a write to a trial that is not running under this instance's lease.</summary>
    private TrialRecord RequireLeased(TrialRecord t, Guid? token, string action)
    {
        StoreRules.RequireRunningHere(t, Identity, action);
        if (token is null || !_leases.TryGetValue(t.Id, out var mine) || mine != token)
            throw new InvalidOperationException(
                $"cannot {action} {StoreRules.Describe(t)}: its lease token no longer matches this claim; it was re-queued and claimed again");
        return t;
    }
}
