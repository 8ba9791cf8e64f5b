using System.Text.RegularExpressions;
using Npgsql;

namespace Harness.Store.Postgres;

/// <summary>
/// <c>postgres://user[:password]@host[:port]/database[?schema=NAME&amp;sslmode=MODE]</c> (also <c>postgresql://</c>)
/// read into an Npgsql connection string and a display form without the password. Without a password in the
/// URI, Npgsql takes it from PGPASSWORD or a pgpass file.
/// </summary>
internal static partial class PostgresUri
{
    public static readonly string[] Schemes = ["postgres", "postgresql"];
    private static readonly string[] SslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
    private const string Form = "postgres://user:password@host:port/database (optional ?schema=NAME&sslmode=MODE)";

    /// <summary>True when <paramref name="text"/> starts with a PostgreSQL scheme.</summary>
    public static bool Names(string text) =>
        Schemes.Any(s => text.StartsWith(s + "://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The connection string and display form; a malformed URI is ArgumentException naming it (redacted).</summary>
    public static (string ConnectionString, string Display) Parse(string text)
    {
        var shown = Redact(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw Bad(shown, "it is not a URI with a host");
        var info = uri.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(info[0]);
        if (user.Length == 0) throw Bad(shown, "the user name is missing");
        var password = info.Length > 1 ? Uri.UnescapeDataString(info[1]) : null;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/')) throw Bad(shown, "the path must be one database name");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = user,
            Database = database,
            Timeout = 30,
            CommandTimeout = 120,
        };
        if (password is not null) builder.Password = password;
        var display = $"postgres://{user}@{uri.Authority[(uri.Authority.IndexOf('@') + 1)..]}{(uri.IsDefaultPort || uri.Port < 0 ? ":5432" : "")}/{database}";
        foreach (var (key, value) in Query(uri.Query, shown))
        {
            switch (key)
            {
                case "schema" when SchemaName().IsMatch(value):
                    builder.SearchPath = value;
                    display += (display.Contains('?') ? "&" : "?") + $"schema={value}";
                    break;
                case "schema":
                    throw Bad(shown, $"schema '{value}' is not allowed; use letters, digits and _ (not first a digit)");
                case "sslmode" when SslModes.Contains(value):
                    builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", ""), ignoreCase: true);
                    break;
                case "sslmode":
                    throw Bad(shown, $"sslmode '{value}' is not allowed; use one of {string.Join(", ", SslModes)}");
                default:
                    throw Bad(shown, $"the option '{key}' is not known; allowed: schema, sslmode");
            }
        }
        return (builder.ConnectionString, display);
    }

    /// <summary>The text with any password between "://user:" and "@" replaced by ***.</summary>
    public static string Redact(string text) => Password().Replace(text, "$1***@");

    private static IEnumerable<(string Key, string Value)> Query(string query, string shown)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length != 2) throw Bad(shown, $"the option '{kv[0]}' has no value (write NAME=VALUE)");
            yield return (Uri.UnescapeDataString(kv[0]).ToLowerInvariant(), Uri.UnescapeDataString(kv[1]));
        }
    }

    private static ArgumentException Bad(string shown, string why) =>
        new($"store '{shown}' is not a valid PostgreSQL URI: {why}; expected {Form}");

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();

    [GeneratedRegex(@"(://[^:/@\s]*:)[^@\s]*@")]
    private static partial Regex Password();
}
