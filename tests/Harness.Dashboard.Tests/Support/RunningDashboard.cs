using System.Net.Http.Json;
using System.Text.Json;
using Harness.Store;

namespace Harness.Dashboard.Tests.Support;

/// <summary>A dashboard on a free loopback port over an in-memory store, with an HTTP client; disposed with the test.</summary>
internal sealed class RunningDashboard : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RunningDashboard(LiteDbExperimentStore store, DashboardHost host)
    {
        Store = store;
        Host = host;
        Http = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(60) };
        Writer = new StoreWriter(store);
    }

    public LiteDbExperimentStore Store { get; }
    public DashboardHost Host { get; }
    public HttpClient Http { get; }
    public StoreWriter Writer { get; }

    /// <summary>Starts over a new in-memory store; <paramref name="fill"/> writes to it first.</summary>
    public static async Task<RunningDashboard> StartAsync(Action<StoreWriter>? fill = null, TimeSpan? snapshotAge = null)
    {
        var store = LiteDbExperimentStore.InMemory();
        fill?.Invoke(new StoreWriter(store));
        var host = await DashboardHost.StartAsync(store, new DashboardOptions { Port = 0, SnapshotAge = snapshotAge ?? TimeSpan.Zero });
        return new RunningDashboard(store, host);
    }

    public async Task<JsonElement> GetJson(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Store.Dispose();
    }
}
