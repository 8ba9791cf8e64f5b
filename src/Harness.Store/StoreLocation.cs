using Harness.Store.Postgres;

namespace Harness.Store;

/// <summary>
/// Where a store lives, as one text: a LiteDB file path (the default, one machine) or a PostgreSQL URI
/// (<c>postgres://user:password@host:port/database</c>, many machines). <see cref="Display"/> never holds a password.
/// </summary>
public sealed record StoreLocation
{
    private StoreLocation(string? filePath, string? connectionString, string display)
    {
        FilePath = filePath;
        ConnectionString = connectionString;
        Display = display;
    }

    /// <summary>The LiteDB file (full path), or null for PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>The Npgsql connection string (it may hold the password: never print it), or null for LiteDB.</summary>
    internal string? ConnectionString { get; }

    /// <summary>How messages name the store: the file path, or the URI without its password.</summary>
    public string Display { get; }

    public bool IsPostgres => ConnectionString is not null;

    /// <summary>
    /// Reads a path or a PostgreSQL URI. A text with another scheme (<c>mysql://</c>) or a malformed URI is
    /// ArgumentException naming it (password redacted) and the allowed forms.
    /// </summary>
    public static StoreLocation Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("the store is empty; give a LiteDB file path or a postgres:// URI");
        if (PostgresUri.Names(text))
        {
            var (connection, display) = PostgresUri.Parse(text);
            return new StoreLocation(null, connection, display);
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(text, "^[A-Za-z][A-Za-z0-9+.-]+://"))
            throw new ArgumentException(
                $"store '{Redact(text)}' has a scheme this harness does not know; use a LiteDB file path or postgres://user:password@host:port/database");
        var full = Path.GetFullPath(text);
        return new StoreLocation(full, null, full);
    }

    /// <summary>
    /// The environment that gives a worker this store's password without putting it on a command line or in a
    /// file: PGPASSWORD when the URI holds a password, else nothing (the worker then uses its own PGPASSWORD or pgpass).
    /// </summary>
    public IReadOnlyDictionary<string, string> PasswordEnvironment() =>
        ConnectionString is { } c && new Npgsql.NpgsqlConnectionStringBuilder(c).Password is { Length: > 0 } password
            ? new Dictionary<string, string> { ["PGPASSWORD"] = password }
            : new Dictionary<string, string>();

    /// <summary>Any text with the password of a URI in it replaced by ***.</summary>
    public static string Redact(string text) => PostgresUri.Redact(text);

    /// <summary>Opens the PostgreSQL store (tables created on first use); LiteDB files are opened by their own constructors.</summary>
    public PostgresExperimentStore OpenPostgres() =>
        new(ConnectionString ?? throw new InvalidOperationException($"store {Display} is a LiteDB file, not PostgreSQL"), Display);
}
