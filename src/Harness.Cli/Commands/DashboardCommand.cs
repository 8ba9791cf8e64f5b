using System.CommandLine;
using System.Net;
using Harness.Cli.Sweeping;
using Harness.Dashboard;

namespace Harness.Cli.Commands;

/// <summary>`dashboard`: serves the live dashboard over the store (read-only) until Ctrl+C.</summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        db.Aliases.Add("--store");
        var port = new Option<int>("--port")
        {
            Description = "TCP port (0 picks a free one)",
            DefaultValueFactory = _ => 8080,
        };
        var listen = new Option<string>("--host")
        {
            Description = "Address to listen on: 127.0.0.1, this machine only (the default); 0.0.0.0 (or ::) every network interface, "
                + "to open the dashboard from another machine (no login: whoever reaches this one reads the store); or one interface's address",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var command = new Command("dashboard",
            "Serve a live web dashboard of the store on this machine (experiments, trial tables, plots, trials, comparisons); " +
            "read-only, safe while a sweep writes. Example: harness dashboard --port 8080, then open http://127.0.0.1:8080/ (--host 0.0.0.0 for other machines)");
        foreach (var o in new Option[] { db, port, listen }) command.Options.Add(o);
        command.SetAction(p => Serve(p.GetValue(db), p.GetValue(port), p.GetValue(listen)!));
        return command;
    }

    private static int Serve(string? db, int port, string listen)
    {
        if (port is < 0 or > 65535) throw new UserInputException($"--port {port} is not allowed; use 0 to 65535 (0 picks a free port)");
        var address = Address(listen);
        using var store = StoreAccess.OpenForReading(db);
        DashboardHost host;
        try
        {
            host = DashboardHost.StartAsync(store, new DashboardOptions { Port = port, Address = address }).GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            throw new UserInputException(ex.Message);
        }
        Console.WriteLine($"dashboard of {StoreAccess.Name(store)} at {host.Url} (read-only); Ctrl+C stops it");
        if (!IPAddress.IsLoopback(address))
        {
            var remote = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? Environment.MachineName : address.ToString();
            Console.WriteLine($"listening on {address}: other machines open http://{(remote.Contains(':') ? $"[{remote}]" : remote)}:{host.Url.Port}/ (no login: anyone who reaches this machine can read the store)");
        }
        // Ctrl+C and SIGTERM reach the web host's console lifetime, which ends this wait.
        host.RunUntilAsync(CancellationToken.None).GetAwaiter().GetResult();
        host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return CliRunner.ExitOk;
    }

    /// <summary>The IP address <c>--host</c> names (localhost is the loopback address).</summary>
    internal static IPAddress Address(string text) =>
        text.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(text.Trim(), out var a) ? a
        : throw new UserInputException($"--host '{text}' is not an IP address; use 127.0.0.1 (this machine only), 0.0.0.0 or :: (every interface), or one interface's address");
}
