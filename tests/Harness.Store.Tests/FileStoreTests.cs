using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>The contract over a LiteDB file (shared connection mode), plus what only a file can do.</summary>
public sealed class FileStoreTests : ExperimentStoreContract
{
    private readonly TempFolder _temp = new();
    private int _count;

    private protected override IStoreTestSeams CreateStore() =>
        new LiteDbExperimentStore(System.IO.Path.Combine(_temp.Path, $"nested/folder/store{_count++}.db"));

    private protected override IStoreTestSeams[] CreateStoresOnOneStore(int count)
    {
        var path = System.IO.Path.Combine(_temp.Path, $"nested/folder/store{_count++}.db");
        return [.. Enumerable.Range(0, count).Select(_ => new LiteDbExperimentStore(path))];
    }

    public override void Dispose()
    {
        base.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void The_file_and_its_missing_parent_folders_are_created_and_data_survives_reopening()
    {
        var path = _temp.File("a/b/c/harness.db");
        long id;
        using (var store = new LiteDbExperimentStore(path))
        {
            Assert.Equal(path, store.Location);
            id = Seed(store, 2)[1].Id;
            Assert.True(store.TryClaim(id, "cpu", "cpu0", out _));
            store.AppendEpochs([Epoch(id, 1)]);
            store.Finish(id, Complete([7, 7]));
        }
        Assert.True(File.Exists(path));
        using var reopened = new LiteDbExperimentStore(path);
        Assert.Equal(TrialState.Complete, reopened.GetTrial(id)!.State);
        Assert.Equal([7, 7], reopened.LoadModel(id));
        Assert.Single(reopened.GetEpochs(id));
        Assert.Equal(2, reopened.GetTrials(Experiment).Count);
    }

    [Fact]
    public void Two_instances_on_one_file_see_each_others_writes()
    {
        var path = _temp.File("shared.db");
        using var writer = new LiteDbExperimentStore(path);
        using var reader = new LiteDbExperimentStore(path);
        var trial = Seed(writer, 1)[0];
        Assert.Equal(TrialState.Pending, reader.GetTrial(trial.Id)!.State);
        Assert.True(writer.TryClaim(trial.Id, "cpu", "cpu0", out _));
        Assert.False(reader.TryClaim(trial.Id, "cpu", "cpu1", out _));
        writer.Finish(trial.Id, Complete());
        Assert.Equal(TrialState.Complete, reader.GetTrial(trial.Id)!.State);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_reported_by_path()
    {
        var path = _temp.File("garbage.db");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0x5A, 40_000).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => new LiteDbExperimentStore(path).Dispose());
        Assert.Contains(path, e.Message);
    }
}
