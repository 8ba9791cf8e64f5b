using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Dashboard.Api;
using Harness.Dashboard.Data;
using Harness.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Dashboard;

/// <summary>
/// The live dashboard: a local web server over a store, read only (it never calls a write method). Pages and their
/// script are embedded resources; the browser reads JSON from /api and polls it with a stamp, so a sweep writing the
/// store shows up without a reload.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address the server listens on (with the port chosen when <see cref="DashboardOptions.Port"/> is 0).</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts serving <paramref name="store"/>. A port that is taken, or an address this machine does not have, throws
    /// <see cref="IOException"/> naming it.
    /// The store stays the caller's to dispose, after this host.
    /// </summary>
    public static async Task<DashboardHost> StartAsync(IExperimentStore store, DashboardOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (options.Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(options), $"port {options.Port} is not allowed; use 0 to 65535 (0 picks a free port)");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(options.Address, options.Port));
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            // Epoch rows of a diverged trial may hold NaN; the DTOs turn other non-finite numbers into null.
            j.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            j.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.Services.AddSingleton(new TrialSnapshots(store, options.SnapshotAge));
        builder.Services.AddSingleton(store);
        var app = builder.Build();
        app.Use(SecurityHeaders.Apply);
        if (System.Net.IPAddress.IsLoopback(options.Address)) app.Use(LoopbackHosts.Apply);
        DashboardEndpoints.Map(app);
        PageEndpoints.Map(app);
        try
        {
            await app.StartAsync(cancel);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync();
            throw new IOException($"the dashboard could not listen on {options.Address}:{options.Port} ({ex.Message}); pass another --port (0 picks a free one)", ex);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // an address no interface of this machine has (--host), or one the system refuses
            await app.DisposeAsync();
            throw new IOException($"the dashboard could not listen on {options.Address}:{options.Port} ({ex.Message}); pass another --host: " +
                "127.0.0.1, 0.0.0.0 (every interface) or an address of this machine", ex);
        }
        var address = app.Urls.First();
        return new DashboardHost(app, new Uri(address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost")));
    }

    /// <summary>
    /// Serves until <paramref name="cancel"/> fires or the process is asked to stop (SIGTERM, SIGINT, Ctrl+C: the
    /// host's console lifetime), then stops the server.
    /// </summary>
    public Task RunUntilAsync(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
