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
