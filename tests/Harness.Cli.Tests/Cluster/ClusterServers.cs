using Harness.Store;
using Harness.Store.Postgres;
using Npgsql;

namespace Harness.Cli.Tests.Cluster;

/// <summary>
/// The real servers the cluster tests use, named by environment variables that .ci/cluster sets:
/// HARNESS_TEST_POSTGRES (a PostgreSQL URI with password), HARNESS_TEST_POSTGRES_OUTAGE and
/// HARNESS_TEST_POSTGRES_OUTAGE_CTL (a second server the outage test may stop, and the command that stops and starts
/// it), HARNESS_TEST_SLURM=1 (a Slurm cluster that runs jobs here). A test whose server is not there skips with
/// the reason. Each test's store is a fresh schema, dropped at the end.
/// </summary>
internal sealed class ClusterServers : IDisposable
{
    private readonly List<(string Uri, string Schema)> _schemas = [];

    public static string Postgres() => Require("HARNESS_TEST_POSTGRES", "a PostgreSQL server (postgres://user:password@host:port/db)");

    public static string OutagePostgres() => Require("HARNESS_TEST_POSTGRES_OUTAGE", "a PostgreSQL server this test may stop and start");

    public static string OutageControl() => Require("HARNESS_TEST_POSTGRES_OUTAGE_CTL", "the command that stops/starts that server (e.g. 'pg_ctlcluster 15 outage')");

    public static void RequireSlurm()
    {
        Require("HARNESS_TEST_SLURM", "a Slurm cluster that runs jobs on this machine (.ci/cluster start)");
    }

    /// <summary>The password in a URI (to check it never shows).</summary>
    public static string Password(string uri) => new Uri(uri).UserInfo.Split(':', 2) is [_, var p] ? Uri.UnescapeDataString(p) : "";

    /// <summary>A URI naming a new, empty schema on the server at <paramref name="uri"/>.</summary>
    public string Fresh(string uri)
    {
        var schema = "c_" + Guid.NewGuid().ToString("N")[..16];
        lock (_schemas) _schemas.Add((uri, schema));
        return uri + (uri.Contains('?') ? "&" : "?") + "schema=" + schema;
    }

    /// <summary>Opens the store a URI names.</summary>
    public static PostgresExperimentStore Open(string uri) => StoreLocation.Parse(uri).OpenPostgres();

    /// <summary>True when the schema exists on the server (nothing was written when it does not).</summary>
    public static bool SchemaExists(string uri, string schema)
    {
        using var source = NpgsqlDataSource.Create(PostgresUri.Parse(uri).ConnectionString);
        using var connection = source.OpenConnection();
        using var query = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = @s", connection);
        query.Parameters.AddWithValue("s", schema);
        return (long)query.ExecuteScalar()! > 0;
    }

    public void Dispose()
    {
        foreach (var (uri, schema) in _schemas)
        {
            try
            {
                using var source = NpgsqlDataSource.Create(PostgresUri.Parse(uri).ConnectionString);
                using var connection = source.OpenConnection();
                using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException) { } // the server is gone: nothing to tidy
        }
    }

    private static string Require(string variable, string what)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) return value;
        Assert.Skip($"needs {what}: set {variable} (.ci/cluster start does)");
        return "";
    }
}
