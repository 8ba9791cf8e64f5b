using Harness.Data;
using Harness.Engine;

namespace Harness.Sweeps.Tests.Experiments;

/// <summary>experiments/cnn-knobs.json, and the hashes of the other files, which per-layer knobs must not change.</summary>
public sealed class CnnKnobsFileTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "experiments");

    [Fact]
    public void Cnn_knobs_is_a_small_tpe_search_over_settings_of_a_lenet_like_base()
    {
        var spec = ExperimentFile.Load(Path.Combine(Dir, "cnn-knobs.json"));
        Assert.Equal("c6k5same-p2-c16k5-p2-d120-d84", LayerSpec.LabelOf(spec.Base.Layers!));
        Assert.Equal(SearchSpec.Tpe, spec.Search.Strategy);
        Assert.InRange(spec.Search.Trials!.Value, 4, 12);
        Assert.InRange(spec.Base.Epochs, 1, 5);
        Assert.InRange(spec.Dataset.TrainLimit ?? int.MaxValue, 1000, 10000);
        Assert.Contains(spec.Search.Space.Knobs, k => k.Key == "layers[0].conv.filters");
        Assert.Contains(spec.Search.Space.Knobs, k => k.Key == "layers[0].conv.size");
        Assert.Contains(spec.Search.Space.Knobs, k => k.Key == "layers[4].dense");
        foreach (var c in spec.CreateSampler().Plan([]))
            Assert.Empty(LayerPlan.Check(ConfigResolver.Apply(spec.Base, c.Assignments).Layers!, new ImageShape(1, 28, 28), 784, 10));
    }

    /// <summary>Hashes taken with the build before per-layer knobs (knobs at cb7c921); the MLP pins are in <see cref="ExperimentFilesTests"/>.</summary>
    [Theory]
    [InlineData("lenet-cpu.json", "18e97e630f4c9e3502771e97d2089c0aa9c351f03493e49879b62fac5f8b874a")]
    [InlineData("cnn-mnist.json", "5aea176ce5c89d826f9a245362f9e21ac2c22f63dee96e51e8daae252a4ec78a")]
    [InlineData("mnist-random.json", "b9f52f16a031f29028787f1d63de47609b731a6f680ce5cf798db385362e6d0e")]
    [InlineData("mnist-tpe.json", "3225255ef070a4b08331237dc09e3098c246c62dbe810d9d5c9d4dfc15673330")]
    public void Hashes_of_files_without_layer_knobs_did_not_change(string file, string hash) =>
        Assert.Equal(hash, ExperimentFile.Load(Path.Combine(Dir, file)).Hash());
}
