using System.Net.Http.Json;
using System.Text.Json;
using Harness.Store;

namespace Harness.Dashboard.Tests.Support;

/// <summary>A dashboard on a free loopback port over an in-memory store, with an HTTP client and a writer; disposed with the test.</summary>
internal sealed class RunningDashboard : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly bool _ownsStore;

    private RunningDashboard(LiteDbExperimentStore store, DashboardHost host, bool ownsStore)
    {
        Store = store;
        _ownsStore = ownsStore;
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
        return await Over(store, snapshotAge ?? TimeSpan.Zero, ownsStore: true);
    }

    /// <summary>Starts over a store the caller keeps (and disposes).</summary>
    public static Task<RunningDashboard> Over(LiteDbExperimentStore store, TimeSpan snapshotAge) => Over(store, snapshotAge, ownsStore: false);

    private static async Task<RunningDashboard> Over(LiteDbExperimentStore store, TimeSpan snapshotAge, bool ownsStore)
    {
        var host = await DashboardHost.StartAsync(store, new DashboardOptions { Port = 0, SnapshotAge = snapshotAge });
        return new RunningDashboard(store, host, ownsStore);
    }

    public async Task<JsonElement> GetJson(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownsStore) Store.Dispose();
    }
}
