using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>`harness dashboard`: bad input exits 2 naming it; the real CLI serves the store it is given.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class DashboardCommandTests
{
    [Fact]
    public void A_missing_store_is_bad_input_and_creates_nothing()
    {
        using var dir = new TempDir();
        var (exit, _, err) = CliHarness.Run("dashboard", "--store", dir.File("none.db"), "--port", "0");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"no results store at '{dir.File("none.db")}'", err);
        Assert.False(File.Exists(dir.File("none.db")));
    }

    [Fact]
    public void A_port_out_of_range_is_bad_input()
    {
        var (exit, _, err) = CliHarness.Run("dashboard", "--port", "70000");
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("--port 70000 is not allowed; use 0 to 65535", err);
    }

    [Fact]
    public void A_taken_port_is_bad_input_naming_it()
    {
        using var dir = new TempDir();
        using (var s = new LiteDbExperimentStore(dir.File("h.db"))) s.OpenExperiment("grid", "{}", "h", newVersion: false);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (exit, output) = CliProcess.Run(TimeSpan.FromSeconds(60), "dashboard", "--db", dir.File("h.db"), "--port", port.ToString());
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains($"could not listen on 127.0.0.1:{port}", output);
        Assert.Contains("pass another --port", output);
    }

    [Theory]
    [InlineData("bogus", "--host 'bogus' is not an IP address; use 127.0.0.1 (this machine only), 0.0.0.0 or :: (every interface)")]
    [InlineData("192.0.2.77", "could not listen on 192.0.2.77:0")] // TEST-NET-1: an address no interface here has
    public void A_host_that_is_no_address_of_this_machine_is_bad_input(string host, string expected)
    {
        using var dir = new TempDir();
        using (var s = new LiteDbExperimentStore(dir.File("h.db"))) s.OpenExperiment("grid", "{}", "h", newVersion: false);
        var (exit, output) = CliProcess.Run(TimeSpan.FromSeconds(60), "dashboard", "--db", dir.File("h.db"), "--port", "0", "--host", host);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task Every_interface_is_served_and_the_line_says_how_other_machines_reach_it()
    {
        using var dir = new TempDir();
        var db = dir.File("h.db");
        using (var s = new LiteDbExperimentStore(db)) s.OpenExperiment("grid", """{"name":"grid"}""", "h", newVersion: false);
        using var p = Process.Start(CliProcess.StartInfo("dashboard", "--store", db, "--port", "0", "--host", "0.0.0.0"))!;
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var first = await p.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), ct);
            var second = await p.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.NotNull(first);
            Assert.NotNull(second);
            var port = new Uri(first[(first.IndexOf(" at http", StringComparison.Ordinal) + 4)..first.IndexOf(" (read-only)", StringComparison.Ordinal)]).Port;
            Assert.StartsWith($"listening on 0.0.0.0: other machines open http://{Environment.MachineName}:{port}/ (no login", second);
            using var http = new HttpClient();
            Assert.Contains("\"name\":\"grid\"", await http.GetStringAsync($"http://127.0.0.1:{port}/api/experiments", ct));
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    [Fact]
    public async Task The_cli_serves_the_store_read_only()
    {
        using var dir = new TempDir();
        var db = dir.File("h.db");
        using (var s = new LiteDbExperimentStore(db)) s.OpenExperiment("grid", """{"name":"grid"}""", "h", newVersion: false);
        var before = File.GetLastWriteTimeUtc(db);
        using var p = Process.Start(CliProcess.StartInfo("dashboard", "--store", db, "--port", "0"))!;
        try
        {
            var line = await p.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.NotNull(line);
            Assert.Contains("(read-only)", line);
            var url = line[(line.IndexOf(" at http", StringComparison.Ordinal) + 4)..line.IndexOf(" (read-only)", StringComparison.Ordinal)];
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var list = await http.GetStringAsync("/api/experiments", TestContext.Current.CancellationToken);
            Assert.Contains("\"name\":\"grid\"", list);
            Assert.Contains("<script src=\"/assets/app.js\"", await http.GetStringAsync("/", TestContext.Current.CancellationToken));
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        Assert.Equal(before, File.GetLastWriteTimeUtc(db));
    }
}
