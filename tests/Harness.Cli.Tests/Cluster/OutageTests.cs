using System.Diagnostics;
using Harness.Store;

namespace Harness.Cli.Tests.Cluster;

/// <summary>
/// The database server stopped mid-sweep and started again: workers wait and retry with a message, then finish;
/// nothing is lost and no row is doubled. Uses a server of its own (HARNESS_TEST_POSTGRES_OUTAGE, stopped and started
/// with HARNESS_TEST_POSTGRES_OUTAGE_CTL), so other tests on the main server are not disturbed.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TempDir _dir = new();
    private readonly ClusterServers _servers = new();

    public void Dispose()
    {
        _servers.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Workers_wait_out_a_server_restart_and_finish_the_sweep_with_nothing_lost()
    {
        var uri = _servers.Fresh(ClusterServers.OutagePostgres());
        var control = ClusterServers.OutageControl();
        var file = ClusterRuns.Tiny(_dir, "outage", samples: 1000, epochs: 40, repeats: 1);
        var workers = Enumerable.Range(0, 2).Select(_ => ClusterRuns.Start("worker", file, "--store", uri, "--lease", "60")).ToList();
        try
        {
            using (var watch = ClusterServers.Open(uri))
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < Limit && workers.All(w => !w.Process.HasExited) && !(watch.GetExperiment("outage") is not null &&
                                                  watch.GetTrials("outage").Count(t => t.State == TrialState.Complete) >= 1))
                    Thread.Sleep(100);
            }
            Control(control, "stop");
            Thread.Sleep(TimeSpan.FromSeconds(4));
            Control(control, "start");
            foreach (var w in workers) Assert.True(w.Wait(Limit) == 0, w.Output);
        }
        finally
        {
            Control(control, "start");
            workers.ForEach(w => w.Dispose());
        }
        var all = string.Join("\n", workers.Select(w => w.Output));
        Assert.Contains("the server is unreachable", all);
        Assert.Contains("retrying in", all);
        Assert.Contains("reachable again", all);
        Assert.DoesNotContain(ClusterServers.Password(uri), all);
        using var store = ClusterServers.Open(uri);
        var trials = store.GetTrials("outage");
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        ClusterRuns.AssertOneRowPerEpoch(store, "outage");
    }

    private static void Control(string command, string verb)
    {
        var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var p = Process.Start(new ProcessStartInfo(parts[0], [.. parts[1..], verb]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit();
    }
}
