using System.CommandLine;
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
            Description = "TCP port on 127.0.0.1 (0 picks a free one)",
            DefaultValueFactory = _ => 8080,
        };
        var command = new Command("dashboard",
            "Serve a live web dashboard of the store on this machine (experiments, trial tables, plots, trials, comparisons); " +
            "read-only, safe while a sweep writes. Example: harness dashboard --port 8080, then open http://127.0.0.1:8080/");
        command.Options.Add(db);
        command.Options.Add(port);
        command.SetAction(p => Serve(p.GetValue(db), p.GetValue(port)));
        return command;
    }

    private static int Serve(string? db, int port)
    {
        if (port is < 0 or > 65535) throw new UserInputException($"--port {port} is not allowed; use 0 to 65535 (0 picks a free port)");
        using var store = StoreAccess.OpenForReading(db);
        DashboardHost host;
        try
        {
            host = DashboardHost.StartAsync(store, new DashboardOptions { Port = port }).GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            throw new UserInputException(ex.Message);
        }
        Console.WriteLine($"dashboard of {StoreAccess.Name(store)} at {host.Url} (read-only); Ctrl+C stops it");
        // Ctrl+C and SIGTERM reach the web host's console lifetime, which ends this wait.
        host.RunUntilAsync(CancellationToken.None).GetAwaiter().GetResult();
        host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return CliRunner.ExitOk;
    }
}
