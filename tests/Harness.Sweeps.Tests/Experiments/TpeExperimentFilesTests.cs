namespace Harness.Sweeps.Tests.Experiments;

/// <summary>mnist-tpe.json and its twins differ only where the comparison needs them to.</summary>
public sealed class TpeExperimentFilesTests
{
    private static ExperimentSpec Load(string name) => ExperimentFile.Load(Path.Combine(AppContext.BaseDirectory, "experiments", name + ".json"));

    [Fact]
    public void Tpe_and_random_twins_share_dataset_base_space_pruner_and_budget()
    {
        var tpe = Load("mnist-tpe");
        var random = Load("mnist-tpe-random");
        var unpruned = Load("mnist-tpe-random-unpruned");
        Assert.Equal(SearchSpec.Tpe, tpe.Search.Strategy);
        Assert.Equal(SearchSpec.Random, random.Search.Strategy);
        Assert.Equal(SearchSpec.AshaName, tpe.Search.Pruner);
        Assert.Equal(SearchSpec.NoneName, unpruned.Search.Pruner);
        Assert.Equal(["batch_size", "depth", "dropout", "l2", "learning_rate", "width"], tpe.Search.Space.ToJson().Select(p => p.Key).Order());
        foreach (var twin in new[] { random, unpruned })
        {
            Assert.Equal(tpe.Dataset, twin.Dataset);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(tpe.Base, Harness.Engine.EngineJson.Options), System.Text.Json.JsonSerializer.Serialize(twin.Base, Harness.Engine.EngineJson.Options));
            Assert.Equal(tpe.Repeats, twin.Repeats);
            Assert.Equal(tpe.Search.Trials, twin.Search.Trials);
            Assert.Equal(tpe.Search.Seed, twin.Search.Seed);
            Assert.Equal(tpe.Search.Space.ToJson().ToJsonString(), twin.Search.Space.ToJson().ToJsonString());
        }
        Assert.Equal(random.Search with { Pruner = SearchSpec.NoneName, PrunerReductionFactor = 0 },
            unpruned.Search with { PrunerReductionFactor = 0, Space = random.Search.Space });
        // the same 40 random draws with and without ASHA
        Assert.Equal(random.CreateSampler().Plan([]).Select(c => c.Key), unpruned.CreateSampler().Plan([]).Select(c => c.Key));
        Assert.InRange(tpe.Dataset.TrainLimit ?? int.MaxValue, 5000, 10000);
    }
}
