using Harness.Store;

namespace Harness.Cli.Tests.Cluster;

/// <summary>`store copy` from a LiteDB file to PostgreSQL and back (HARNESS_TEST_POSTGRES; skipped without it).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class StoreCopyCommandTests : ClusterTest
{
    [Fact]
    public void A_sweep_copied_to_postgres_and_back_reads_the_same_and_a_second_copy_is_refused()
    {
        var uri = Servers.Fresh(ClusterServers.Postgres());
        var file = ClusterRuns.Tiny(Dir, "copied", samples: 200, epochs: 4, repeats: 1);
        var db = Dir.File("a.db");
        Assert.Equal(0, CliHarness.Run("sweep", file, "--store", db).Exit);

        var (exit, output, error) = CliHarness.Run("store", "copy", "--from", db, "--to", uri);
        Assert.True(exit == 0, output + error);
        Assert.Contains("copied copied v1: 4 trials, ", output);
        Assert.Contains("checksum", output);
        Assert.DoesNotContain(ClusterServers.Password(uri), output + error);

        var back = Dir.File("b.db");
        Assert.Equal(0, CliHarness.Run("store", "copy", "--from", uri, "--to", back, "--experiment", "copied").Exit);
        using (var a = LiteDbExperimentStore.OpenReadOnly(db))
        using (var b = LiteDbExperimentStore.OpenReadOnly(back))
            Assert.Equal(ClusterRuns.Results(a, "copied"), ClusterRuns.Results(b, "copied"));
        Assert.Equal(CliHarness.Run("table", "copied", "--store", db).Out, CliHarness.Run("table", "copied", "--store", uri).Out);

        var (again, _, refused) = CliHarness.Run("store", "copy", "--from", db, "--to", uri);
        Assert.Equal(2, again);
        Assert.Contains("already has experiment(s) copied", refused);
        Assert.DoesNotContain(ClusterServers.Password(uri), refused);
    }
}
