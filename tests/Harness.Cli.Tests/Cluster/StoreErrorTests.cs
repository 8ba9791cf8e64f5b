namespace Harness.Cli.Tests.Cluster;

/// <summary>
/// A store that cannot be used is bad input: exit 2, one line naming the store by host (never its password), and
/// nothing written. The URI checks need no server; the login and connection checks need HARNESS_TEST_POSTGRES.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class StoreErrorTests : ClusterTest
{
    private const string Secret = "Pa55-never-shown";

    [Theory]
    [InlineData("postgres://harness:" + Secret + "@/harness_test", "not a valid PostgreSQL URI")]
    [InlineData("postgres://harness:" + Secret + "@db.example:5432/", "one database name")]
    [InlineData("postgres://harness:" + Secret + "@db.example:5432/h?color=blue", "the option 'color' is not known")]
    [InlineData("postgres://harness:" + Secret + "@db.example:5432/h?schema=1x", "schema '1x' is not allowed")]
    [InlineData("mysql://harness:" + Secret + "@db.example/h", "scheme this harness does not know")]
    public void A_malformed_store_uri_is_refused_without_the_password(string uri, string expected)
    {
        var file = ClusterRuns.Tiny(Dir);
        foreach (var command in new[] { new[] { "worker", file }, ["list"], ["status", "tiny"] })
        {
            var (exit, output) = Run([.. command, "--store", uri]);
            Assert.Equal(2, exit);
            Assert.Contains(expected, output);
            Assert.Contains("harness:***@", output);
            Assert.DoesNotContain(Secret, output);
        }
    }

    [Fact]
    public void A_wrong_password_names_the_host_and_user_but_never_the_password_and_writes_nothing()
    {
        var good = Servers.Fresh(ClusterServers.Postgres());
        var uri = new UriBuilder(good) { Password = Secret }.Uri.ToString();
        var (exit, output) = Run("worker", ClusterRuns.Tiny(Dir), "--store", uri);
        Assert.Equal(2, exit);
        Assert.Contains("password authentication failed", output);
        Assert.Contains($"@{new Uri(good).Host}:", output);
        Assert.DoesNotContain(Secret, output);
        Assert.False(ClusterServers.SchemaExists(good, new Uri(good).Query.Split("schema=")[1]));
    }

    [Theory]
    [InlineData("127.0.0.1:1", "127.0.0.1:1")]
    [InlineData("no-such-host.invalid:5432", "no-such-host.invalid")]
    public void An_unreachable_server_is_named_by_host_and_the_worker_exits_2_at_once(string hostPort, string named)
    {
        var uri = $"postgres://harness:{Secret}@{hostPort}/harness_test";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exit, output) = Run("worker", ClusterRuns.Tiny(Dir), "--store", uri);
        Assert.Equal(2, exit);
        Assert.Contains(named, output);
        Assert.Contains("cannot connect", output);
        Assert.DoesNotContain(Secret, output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "results", "slurm")));
    }

    /// <summary>The command in this process (no training happens: every run fails before it opens the store or the data).</summary>
    private static (int Exit, string Output) Run(params string[] args)
    {
        var (exit, output, error) = CliHarness.Run(args);
        return (exit, output + error);
    }
}
