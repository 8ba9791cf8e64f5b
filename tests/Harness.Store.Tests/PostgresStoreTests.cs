using Npgsql;
using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>
/// The contract over a PostgreSQL server (HARNESS_TEST_POSTGRES; skipped without one), each test in its own schema,
/// plus what only PostgreSQL does: lease tokens, the schema version, several instances on one database.
/// </summary>
public sealed class PostgresStoreTests : ExperimentStoreContract
{
    private readonly TestPostgres _server = new();

    private protected override IStoreTestSeams CreateStore() => _server.NewStore();

    private protected override IStoreTestSeams[] CreateStoresOnOneStore(int count)
    {
        var uri = _server.FreshUri();
        return [.. Enumerable.Range(0, count).Select(_ => StoreLocation.Parse(uri).OpenPostgres())];
    }

    public override void Dispose()
    {
        base.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void A_late_finisher_whose_trial_was_requeued_and_claimed_again_is_refused_by_its_lease_token()
    {
        var uri = _server.FreshUri();
        using var late = StoreLocation.Parse(uri).OpenPostgres();
        using var other = StoreLocation.Parse(uri).OpenPostgres(); // same host and pid: only the token tells them apart
        var trial = Seed(late, 1)[0];
        Assert.True(late.TryClaim(trial.Id, "cpu", "cpu0", out _));
        late.AppendEpochs([Epoch(trial.Id, 1)]);

        ((IStoreTestSeams)other).ClockShift = TimeSpan.FromHours(1); // an hour later by the server's clock: silent
        Assert.Equal(1, other.RequeueStale(TimeSpan.FromMinutes(2)));
        ((IStoreTestSeams)other).ClockShift = TimeSpan.Zero;
        Assert.True(other.TryClaim(trial.Id, "cpu", "cpu1", out _));

        foreach (var write in new Action[]
                 {
                     () => late.Finish(trial.Id, Complete([1])), () => late.Heartbeat(trial.Id),
                     () => late.AppendEpochs([Epoch(trial.Id, 2)]),
                 })
            Assert.Contains("lease token no longer matches", Assert.Throws<InvalidOperationException>(write).Message);
        Assert.Empty(other.GetEpochs(trial.Id)); // the claim cleared the first attempt's row; the late one added none
        other.Finish(trial.Id, Complete([2]));
        Assert.Equal(("cpu1", TrialState.Complete), (other.GetTrial(trial.Id)!.Device, other.GetTrial(trial.Id)!.State));
        Assert.Equal([2], other.LoadModel(trial.Id));
    }

    [Fact]
    public void The_schema_carries_a_version_and_a_newer_one_is_refused()
    {
        var uri = _server.FreshUri();
        var location = StoreLocation.Parse(uri);
        using (var store = location.OpenPostgres()) Seed(store, 1);
        using (var source = NpgsqlDataSource.Create(location.ConnectionString!))
        using (var connection = source.OpenConnection())
        {
            using var read = new NpgsqlCommand("SELECT version FROM harness_schema", connection);
            Assert.Equal(1, read.ExecuteScalar());
            using var bump = new NpgsqlCommand("UPDATE harness_schema SET version = 99", connection);
            bump.ExecuteNonQuery();
        }
        var e = Assert.Throws<InvalidDataException>(() => location.OpenPostgres().Dispose());
        Assert.Contains("schema version 99", e.Message);
        Assert.Contains(location.Display, e.Message);
    }

    [Fact]
    public void Instances_claiming_one_pool_from_many_threads_take_each_trial_once()
    {
        var uri = _server.FreshUri();
        var stores = Enumerable.Range(0, 4).Select(_ => StoreLocation.Parse(uri).OpenPostgres()).ToList();
        try
        {
            var trials = Seed(stores[0], 20);
            var ids = trials.Select(t => t.Id).ToList();
            var claims = new System.Collections.Concurrent.ConcurrentBag<long>();
            Parallel.ForEach(stores, new ParallelOptions { MaxDegreeOfParallelism = 4 }, store =>
            {
                for (var i = 0; i < ids.Count; i += 3)
                    foreach (var t in store.ClaimAll(ids.Skip(i).Take(3).ToList(), "cpu", "cpu0"))
                    {
                        claims.Add(t.Id);
                        store.Finish(t.Id, Complete());
                    }
            });
            Assert.Equal(ids.Order(), claims.Order());
        }
        finally { stores.ForEach(s => s.Dispose()); }
    }
}
