using System.Diagnostics;
using Harness.Store;

namespace Harness.Cli.Tests.Cluster;

/// <summary>
/// The database server stopped mid-sweep and started again: workers wait and retry with a message, then finish;
/// nothing is lost and no row is doubled. Uses a server of its own (HARNESS_TEST_POSTGRES_OUTAGE, stopped and started
/// with HARNESS_TEST_POSTGRES_OUTAGE_CTL), so other tests on the main server are not disturbed.
/// </summary>
public sealed class OutageTests : ClusterTest
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public void Workers_wait_out_a_server_restart_and_finish_the_sweep_with_nothing_lost()
    {
        var uri = Servers.Fresh(ClusterServers.OutagePostgres());
        var control = ClusterServers.OutageControl();
        // 8 trials for 2 workers: when the first ends, each still has about three to train, so the outage meets them
        // training even on a loaded machine (with 4, both could finish while this test waited for its turn)
        var file = ClusterRuns.Tiny(Dir, "outage", samples: 1000, epochs: 40, repeats: 2);
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
            Control(control, "start", check: false); // up again whatever happened above
            workers.ForEach(w => w.Dispose());
        }
        var all = string.Join("\n", workers.Select(w => w.Output));
        Assert.True(all.Contains("the server is unreachable", StringComparison.Ordinal), $"no worker met the outage:\n{all}");
        Assert.Contains("retrying in", all);
        Assert.Contains("reachable again", all);
        Assert.DoesNotContain(ClusterServers.Password(uri), all);
        using var store = ClusterServers.Open(uri);
        var trials = store.GetTrials("outage");
        Assert.Equal(8, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        ClusterRuns.AssertOneRowPerEpoch(store, "outage");
    }

    // The server stopped or started as asked (a stop that failed would leave the workers nothing to wait out).
    private static void Control(string command, string verb, bool check = true)
    {
        var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var p = Process.Start(new ProcessStartInfo(parts[0], [.. parts[1..], verb]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (check) Assert.True(p.ExitCode == 0, $"{command} {verb} exited {p.ExitCode}: {output.Result}{error.Result}");
    }
}
