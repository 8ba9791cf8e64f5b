using Harness.Store.Postgres;
using Npgsql;

namespace Harness.Store.Tests;

/// <summary>
/// The PostgreSQL server the tests use: HARNESS_TEST_POSTGRES holds its URI (postgres://user:password@host:port/db;
/// .ci/run starts a server and sets it). Without it, PostgreSQL tests skip with that reason. Each store gets its own
/// fresh schema, dropped when the tests end.
/// </summary>
internal sealed class TestPostgres : IDisposable
{
    public const string Variable = "HARNESS_TEST_POSTGRES";
    private readonly List<string> _schemas = [];

    /// <summary>The server's URI, or null when none is configured.</summary>
    public static string? Uri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } u ? u : null;

    /// <summary>Skips the calling test when no server is configured.</summary>
    public static string RequireUri()
    {
        if (Uri is { } uri) return uri;
        Assert.Skip($"no PostgreSQL server: set {Variable}=postgres://user:password@host:port/db (.ci/run does)");
        return "";
    }

    /// <summary>A URI naming a new, empty schema on the server.</summary>
    public string FreshUri()
    {
        var uri = RequireUri();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        lock (_schemas) _schemas.Add(schema);
        return uri + (uri.Contains('?') ? "&" : "?") + "schema=" + schema;
    }

    /// <summary>A new store in a fresh schema.</summary>
    public PostgresExperimentStore NewStore() => StoreLocation.Parse(FreshUri()).OpenPostgres();

    public void Dispose()
    {
        if (Uri is not { } uri || _schemas.Count == 0) return;
        try
        {
            using var source = NpgsqlDataSource.Create(PostgresUri.Parse(uri).ConnectionString);
            using var connection = source.OpenConnection();
            foreach (var schema in _schemas)
            {
                using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException) { } // the server went away (a test stopped it): nothing left to tidy
    }
}
