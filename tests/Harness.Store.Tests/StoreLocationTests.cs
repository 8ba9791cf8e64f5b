using Npgsql;

namespace Harness.Store.Tests;

/// <summary>Naming a store: LiteDB paths and PostgreSQL URIs, displayed without the password (no server needed).</summary>
public sealed class StoreLocationTests
{
    [Fact]
    public void A_postgres_uri_becomes_a_connection_string_and_a_display_without_the_password()
    {
        var location = StoreLocation.Parse("postgres://ml%40lab:p%40ss%3Aw0rd@db.example:6543/sweeps?schema=team_a&sslmode=require");
        Assert.True(location.IsPostgres);
        Assert.Null(location.FilePath);
        Assert.Equal("postgres://ml@lab@db.example:6543/sweeps?schema=team_a", location.Display);
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(("db.example", 6543, "sweeps", "ml@lab", "p@ss:w0rd", "team_a", SslMode.Require),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SearchPath, builder.SslMode));
        Assert.Equal("p@ss:w0rd", location.PasswordEnvironment()["PGPASSWORD"]);
        Assert.DoesNotContain("w0rd", location.ToString());
    }

    [Fact]
    public void Port_5432_is_the_default_and_a_uri_without_password_leaves_it_to_pgpassword()
    {
        var location = StoreLocation.Parse("postgresql://ml@db.example/sweeps");
        Assert.Equal("postgres://ml@db.example:5432/sweeps", location.Display);
        Assert.Null(new NpgsqlConnectionStringBuilder(location.ConnectionString).Password);
        Assert.Empty(location.PasswordEnvironment());
    }

    [Fact]
    public void A_path_is_a_litedb_file()
    {
        var location = StoreLocation.Parse("results/x.db");
        Assert.False(location.IsPostgres);
        Assert.Equal(Path.GetFullPath("results/x.db"), location.FilePath);
        Assert.Equal(location.FilePath, location.Display);
    }

    [Theory]
    [InlineData("postgres://u:s3cret@/db", "it is not a URI with a host")]
    [InlineData("postgres://:s3cret@h/db", "the user name is missing")]
    [InlineData("postgres://u:s3cret@h/a/b", "the path must be one database name")]
    [InlineData("postgres://u:s3cret@h/db?sslmode=maybe", "sslmode 'maybe' is not allowed")]
    [InlineData("postgres://u:s3cret@h/db?schema=a-b", "schema 'a-b' is not allowed")]
    [InlineData("postgres://u:s3cret@h/db?timeout", "has no value")]
    [InlineData("redis://u:s3cret@h/0", "scheme this harness does not know")]
    [InlineData(" ", "the store is empty")]
    public void A_bad_store_is_refused_saying_why_without_the_password(string text, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => StoreLocation.Parse(text));
        Assert.Contains(why, e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }

    [Fact]
    public void Redact_hides_the_password_of_any_uri_in_a_text()
    {
        Assert.Equal("failed: postgres://u:***@h:1/db and postgres://v:***@k/db",
            StoreLocation.Redact("failed: postgres://u:one@h:1/db and postgres://v:two@k/db"));
    }
}
