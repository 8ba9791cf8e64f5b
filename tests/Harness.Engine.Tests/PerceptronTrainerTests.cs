using Harness.Data;

namespace Harness.Engine.Tests;

public sealed class PerceptronTrainerTests
{
    private static Dataset Table(float[][] rows, int[] labels, int classes = 2) =>
        new("table", rows.SelectMany(r => r).ToArray(), rows[0].Length, labels, classes);

    private static readonly float[][] Corners = [[0, 0], [0, 1], [1, 0], [1, 1]];

    // A seeded random set labelled by a random hyperplane, with the points too close to it dropped (margin 0.1).
    private static Dataset SeparableSet(int seed, int count, int dims)
    {
        var rng = new Random(seed);
        var w = Enumerable.Range(0, dims).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double b = rng.NextDouble() - 0.5;
        double norm = Math.Sqrt(w.Sum(v => v * v));
        var x = new List<float>();
        var y = new List<int>();
        while (y.Count < count)
        {
            var p = Enumerable.Range(0, dims).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            double z = (p.Select((v, i) => v * w[i]).Sum() + b) / norm;
            if (Math.Abs(z) < 0.1) continue;
            x.AddRange(p);
            y.Add(z > 0 ? 1 : 0);
        }
        return new Dataset("separable", [.. x], dims, [.. y], 2);
    }

    [Fact]
    public void One_example_follows_the_update_rule_by_hand()
    {
        var data = Table([[2, 3]], [1]);
        // step: z = 0 -> ŷ = 0, y = 1: w = [2, 3], b = 1; next epoch z = 14 > 0, no mistake.
        var step = PerceptronTrainer.Train(data, new PerceptronConfig(), ct: TestContext.Current.CancellationToken);
        Assert.Equal([2f, 3f], step.Weights);
        Assert.Equal([1f], step.Biases);
        Assert.Equal([1, 0], step.MistakesPerEpoch);
        Assert.True(step.Converged);
        Assert.Equal(2, step.EpochsRun);

        // sign: ŷ = −1, y = +1, η = 0.5: w += 0.5·2·x = [2, 3], b = 1.
        var sign = PerceptronTrainer.Train(data, new PerceptronConfig(LearningRate: 0.5, UseSign: true), ct: TestContext.Current.CancellationToken);
        Assert.Equal([2f, 3f], sign.Weights);
        Assert.Equal([1f], sign.Biases);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Learns_AND_and_OR_with_no_training_errors(bool useSign)
    {
        foreach (var labels in new[] { new[] { 0, 0, 0, 1 }, [0, 1, 1, 1] })
        {
            var data = Table(Corners, labels);
            var r = PerceptronTrainer.Train(data, new PerceptronConfig(MaxEpochs: 100, UseSign: useSign), ct: TestContext.Current.CancellationToken);
            Assert.True(r.Converged);
            Assert.True(r.EpochsRun < 100);
            Assert.Equal(0, r.MistakesPerEpoch[^1]);
            Assert.Equal(1.0, r.Accuracy(data));
            Assert.Equal(labels, r.Predict(data));
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Converges_on_a_seeded_random_separable_set(int seed, bool useSign)
    {
        var data = SeparableSet(seed, 300, 5);
        var r = PerceptronTrainer.Train(data, new PerceptronConfig(LearningRate: 0.1, MaxEpochs: 1000, Seed: seed, UseSign: useSign), ct: TestContext.Current.CancellationToken);
        Assert.True(r.Converged, $"mistakes: {string.Join(",", r.MistakesPerEpoch)}");
        Assert.Equal(1.0, r.Accuracy(data));
        Assert.True(r.MistakesPerEpoch[0] > 0);
        Assert.All(r.MistakesPerEpoch.Take(r.EpochsRun - 1), m => Assert.True(m > 0));
    }

    [Fact]
    public void Never_converges_on_XOR()
    {
        var data = Table(Corners, [0, 1, 1, 0]);
        var r = PerceptronTrainer.Train(data, new PerceptronConfig(MaxEpochs: 200), ct: TestContext.Current.CancellationToken);
        Assert.False(r.Converged);
        Assert.Equal(200, r.EpochsRun);
        Assert.All(r.MistakesPerEpoch, m => Assert.True(m > 0));
        Assert.True(r.Accuracy(data) < 1.0);
    }

    [Fact]
    public void One_vs_rest_separates_three_clusters()
    {
        // Three clusters at the corners of a triangle: each class is linearly separable from the other two.
        var rng = new Random(7);
        float[][] centres = [[4, 0], [-2, 3.5f], [-2, -3.5f]];
        var x = new List<float>();
        var y = new List<int>();
        for (int i = 0; i < 150; i++)
        {
            int c = i % 3;
            x.Add(centres[c][0] + (float)(rng.NextDouble() * 2 - 1));
            x.Add(centres[c][1] + (float)(rng.NextDouble() * 2 - 1));
            y.Add(c);
        }
        var data = new Dataset("clusters", [.. x], 2, [.. y], 3);
        var r = PerceptronTrainer.Train(data, new PerceptronConfig(MaxEpochs: 100), ct: TestContext.Current.CancellationToken);
        Assert.Equal(3, r.Units);
        Assert.Equal(6, r.Weights.Length);
        Assert.True(r.Converged);
        Assert.Equal(1.0, r.Accuracy(data));
        Assert.Equal(0, r.Predict([5f, 0.5f]));
        Assert.Equal(1, r.Predict([-2.5f, 4f]));
        Assert.Equal(2, r.Predict([-1.5f, -3f]));
    }

    [Fact]
    public void Same_seed_gives_the_same_run_and_the_callback_sees_every_epoch()
    {
        var data = SeparableSet(5, 200, 4);
        var seen = new List<(int, int)>();
        var a = PerceptronTrainer.Train(data, new PerceptronConfig(Seed: 9), onEpoch: (e, m) => seen.Add((e, m)), ct: TestContext.Current.CancellationToken);
        var b = PerceptronTrainer.Train(data, new PerceptronConfig(Seed: 9), ct: TestContext.Current.CancellationToken);
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.Biases, b.Biases);
        Assert.Equal(a.MistakesPerEpoch, b.MistakesPerEpoch);
        Assert.Equal(a.MistakesPerEpoch.Select((m, i) => (i + 1, m)), seen);
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_message()
    {
        var data = Table(Corners, [0, 0, 0, 1]);
        Assert.StartsWith("max_epochs:", Assert.Throws<ArgumentException>(() =>
            PerceptronTrainer.Train(data, new PerceptronConfig(MaxEpochs: 0), ct: TestContext.Current.CancellationToken)).Message);
        Assert.StartsWith("learning_rate:", Assert.Throws<ArgumentException>(() =>
            PerceptronTrainer.Train(data, new PerceptronConfig(LearningRate: double.NaN), ct: TestContext.Current.CancellationToken)).Message);
        var regression = new Dataset("reg", [1f, 2f], 1, null, 0, [0.5f, 0.7f], 1);
        Assert.Contains("no class labels", Assert.Throws<ArgumentException>(() =>
            PerceptronTrainer.Train(regression, new PerceptronConfig(), ct: TestContext.Current.CancellationToken)).Message);
        var r = PerceptronTrainer.Train(data, new PerceptronConfig(), ct: TestContext.Current.CancellationToken);
        Assert.Contains("3 features", Assert.Throws<ArgumentException>(() =>
            r.Accuracy(new Dataset("wide", new float[6], 3, [0, 1], 2))).Message);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            PerceptronTrainer.Train(Table(Corners, [0, 1, 1, 0]), new PerceptronConfig(), cts.Token));
    }
}
