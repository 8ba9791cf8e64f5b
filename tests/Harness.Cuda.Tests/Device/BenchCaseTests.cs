using Harness.Cuda.Tests.Support;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Device;

/// <summary>
/// Every case of `bench --engine cuda` run the way the bench runs it (<see cref="CudaBenchmarks.Run"/>), cut to at most
/// two members and two epochs on a small split of MNIST-shaped random images, so gpu/check.sh's bench step cannot fail
/// on the bench's own code: each case reports positive timings, an accuracy and the path it trained on. Skips where
/// there is no GPU.
/// </summary>
public sealed class BenchCaseTests
{
    public static TheoryData<string> Cases => [.. CudaBenchmarks.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_trains_and_reports_its_timings_accuracy_and_path(string name)
    {
        using var engine = Needs.Engine();
        var full = CudaBenchmarks.Cases.Single(c => c.Name == name);
        var c = full with { Members = Math.Min(full.Members, 2), Epochs = 2 };
        bool cnn = c.Config.Layers is not null; // the lecture's CNN is 14 M multiply-adds an image: few images
        var data = RandomData.Images(new ImageShape(1, 28, 28), 10, train: cnn ? 24 : 300, validation: 16, test: 16);
        using var held = engine.Load(data);

        var r = CudaBenchmarks.Run(engine, held, c);

        Assert.Same(c, r.Case);
        Assert.All(new[] { r.SetupSeconds, r.FirstEpochSeconds, r.EpochSeconds, r.MicrosecondsPerModelStep }, s => Assert.True(s > 0 && double.IsFinite(s), $"{name}: {r}"));
        Assert.True(r.TotalSeconds >= r.SetupSeconds + r.FirstEpochSeconds, $"{name}: {r}");
        Assert.InRange(r.TestAccuracy, 0, 1);
        var configs = Enumerable.Range(0, c.Members).Select(i => c.Config with { Seed = 1 + i, Epochs = c.Epochs }).ToArray();
        Assert.Equal(c.Path ?? CudaEngine.Path(data, configs), r.Path);
        Assert.Matches("^(-|met|missed: .+)$", c.Goal.Verdict(r)); // the bench's table column, whatever the figures
    }
}
