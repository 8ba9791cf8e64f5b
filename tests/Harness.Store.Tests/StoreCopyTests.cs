using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>StoreCopy between LiteDB and PostgreSQL (the PostgreSQL legs need HARNESS_TEST_POSTGRES, else they skip).</summary>
public sealed class StoreCopyTests : IDisposable
{
    private readonly TestPostgres _server = new();
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    /// <summary>Two versions: finished trials of every kind with rows and models, an interrupted, a running and a pending one.</summary>
    private static void Fill(IExperimentStore store)
    {
        var trials = Seed(store, 7);
        var model = new byte[300_000];
        new Random(3).NextBytes(model);
        var states = new[] { TrialState.Complete, TrialState.Pruned, TrialState.Diverged, TrialState.Failed, TrialState.Interrupted };
        for (var i = 0; i < states.Length; i++)
        {
            Assert.True(store.TryClaim(trials[i].Id, "cpu", $"cpu{i}", out _));
            store.AppendEpochs([.. Enumerable.Range(1, i + 2).Select(e => Epoch(trials[i].Id, e, scale: i + 1))]);
            store.Finish(trials[i].Id, Complete(i == 0 ? model : i == 1 ? [1, 2, 3] : null) with { State = states[i], Error = i >= 2 ? "why " + i : null });
        }
        Assert.True(store.TryClaim(trials[5].Id, "cuda", "gpu0", out _)); // running: copied as pending
        store.AppendEpochs([Epoch(trials[5].Id, 1)]);
        store.OpenExperiment(Experiment, "{}", new string('e', 64), newVersion: true);
        store.EnsureTrials(Experiment, 2, Plan(2));
        store.OpenExperiment("other", "{}", Hash, newVersion: false);
    }

    [Fact]
    public void LiteDb_to_postgres_and_back_keeps_every_trial_row_and_model_and_the_checksums_match()
    {
        using var lite = LiteDbExperimentStore.InMemory();
        Fill(lite);
        using var pg = _server.NewStore();
        var there = StoreCopy.Copy(lite, pg, []);
        Assert.Equal([(Experiment, 1), (Experiment, 2), ("other", 1)], there.Select(c => (c.Name, c.Version)));
        Assert.Equal((7, 2 + 3 + 4 + 5 + 6, 2), (there[0].Trials, there[0].Epochs, there[0].Models));

        using var back = new LiteDbExperimentStore(_temp.File("back.db"));
        var again = StoreCopy.Copy(pg, back, [Experiment]);
        Assert.Equal(there.Take(2).Select(c => c.Checksum), again.Select(c => c.Checksum));

        var copied = back.GetTrials(Experiment, 1);
        var original = lite.GetTrials(Experiment, 1);
        Assert.Equal(original.Select(t => t.State == TrialState.Running ? TrialState.Pending : t.State), copied.Select(t => t.State));
        Assert.Equal(original.Select(t => (t.ValidationAccuracy, t.TestLoss, t.Error, t.State == TrialState.Running ? null : t.Device)),
            copied.Select(t => (t.ValidationAccuracy, t.TestLoss, t.Error, t.Device)));
        Assert.Equal(lite.LoadModel(original[0].Id), back.LoadModel(copied[0].Id));
        Assert.Equal(lite.GetEpochs(original[3].Id).Select(e => e with { TrialId = 0 }), back.GetEpochs(copied[3].Id).Select(e => e with { TrialId = 0 }));
        Assert.Empty(back.GetEpochs(copied[5].Id)); // the running trial's partial rows are not copied
        Assert.Null(back.GetExperiment("other"));
    }

    [Fact]
    public void A_target_that_has_the_experiment_or_an_unknown_name_is_refused_before_anything_is_written()
    {
        using var lite = LiteDbExperimentStore.InMemory();
        Fill(lite);
        using var target = LiteDbExperimentStore.InMemory();
        target.OpenExperiment("other", "{}", Hash, newVersion: false);
        var clash = Assert.Throws<InvalidOperationException>(() => StoreCopy.Copy(lite, target, []));
        Assert.Contains("already has experiment(s) other", clash.Message);
        Assert.Null(target.GetExperiment(Experiment));
        var unknown = Assert.Throws<ArgumentException>(() => StoreCopy.Copy(lite, target, ["nope"]));
        Assert.Contains("'nope' is not in the source store; known: mnist-lr, other", unknown.Message);
    }

    [Fact]
    public void Verify_finds_a_changed_row()
    {
        using var a = LiteDbExperimentStore.InMemory();
        using var b = LiteDbExperimentStore.InMemory();
        foreach (var (store, scale) in new[] { (a, 1.0), (b, 2.0) })
        {
            var t = Seed(store, 1)[0];
            Assert.True(store.TryClaim(t.Id, "cpu", "cpu0", out _));
            store.AppendEpochs([Epoch(t.Id, 1, scale)]);
            store.Finish(t.Id, Complete());
        }
        var e = Assert.Throws<InvalidDataException>(() => StoreCopy.Verify(a, b, a.GetExperiment(Experiment)!));
        Assert.Contains("differs from the source", e.Message);
    }
}
