namespace Harness.Cli.Tests.Cluster;

/// <summary>`sweep --dry-run` on a PostgreSQL store (HARNESS_TEST_POSTGRES; skipped without it).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class PostgresDryRunTests : ClusterTest
{
    [Fact]
    public void A_dry_run_reads_the_stored_states_and_stores_nothing()
    {
        var uri = Servers.Fresh(ClusterServers.Postgres());
        var file = ClusterRuns.Tiny(Dir, "dry", samples: 200, epochs: 2, repeats: 1);
        var (exit, output, error) = CliHarness.Run("sweep", file, "--store", uri, "--dry-run");
        Assert.True(exit == 0, output + error);
        Assert.Contains("store: no experiment named dry yet; a sweep creates version 1", output);
        Assert.Contains("dry run: a sweep would train 4 trial(s) of v1", output);
        Assert.DoesNotContain(CliHarness.Run("list", "--store", uri).Out.Split('\n'), l => l.StartsWith("dry", StringComparison.Ordinal));

        Assert.Equal(0, CliHarness.Run("sweep", file, "--store", uri).Exit);
        (exit, output, error) = CliHarness.Run("sweep", file, "--store", uri, "--dry-run");
        Assert.True(exit == 0, output + error);
        Assert.Contains("store: version 1 matches this spec; 4 of its 4 planned trials are finished (4 complete)", output);
        Assert.Contains("dry run: a sweep would train 0 trial(s) of v1", output);
        Assert.DoesNotContain(ClusterServers.Password(uri), output + error);
    }
}
