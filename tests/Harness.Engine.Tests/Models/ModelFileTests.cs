using Harness.Data;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Models;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "harness-engine-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    private static TrainResult TrainSmall(bool standardize = true)
    {
        var data = TestData.BlobSplits();
        var config = new TrainConfig { Hidden = [12, 7], Activation = Activation.Tanh, Epochs = 2, Standardize = standardize, Seed = 5 };
        return Trainer.Train(config, data);
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_predictions()
    {
        var data = TestData.BlobSplits();
        var model = TrainSmall().Model;
        var path = Path.Combine(_dir, "sub", "model.hnm");
        model.Save(path);
        var loaded = Model.Load(path);

        Assert.Equal(model.Config, loaded.Config with { Hidden = model.Config.Hidden, EarlyStopping = model.Config.EarlyStopping });
        Assert.Equal(model.Config.Hidden, loaded.Config.Hidden);
        Assert.Equal(model.LayerSizes, loaded.LayerSizes);
        Assert.Equal(model.Parameters, loaded.Parameters);
        Assert.Equal(model.Preprocessing!.Mean, loaded.Preprocessing!.Mean);
        Assert.Equal(model.Preprocessing.Std, loaded.Preprocessing.Std);
        for (int i = 0; i < 20; i++)
            Assert.Equal(model.Predict(data.Test.Row(i)), loaded.Predict(data.Test.Row(i)));
        Assert.Equal(Evaluator.Evaluate(model, data.Test), Evaluator.Evaluate(loaded, data.Test), new EvaluationComparer());
        Assert.Equal(model.ToBytes(), Model.FromBytes(model.ToBytes()).ToBytes());
    }

    [Fact]
    public void Weights_and_biases_are_views_of_the_flat_buffer()
    {
        var model = TrainSmall(standardize: false).Model;
        Assert.Equal([20, 12, 7, 4], model.LayerSizes);
        Assert.Equal(12 * 20, model.Weights(0).Length);
        Assert.Equal(4, model.Biases(2).Length);
        Assert.Equal(model.Parameters[12 * 20], model.Biases(0)[0]);
        Assert.Equal(model.Parameters.Length, Enumerable.Range(0, 3).Sum(l => model.Weights(l).Length + model.Biases(l).Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Weights(3).Length);
        Assert.Null(model.Preprocessing);
    }

    [Fact]
    public void Hidden_activations_match_a_manual_forward_pass()
    {
        var data = TestData.BlobSplits();
        var model = TrainSmall(standardize: false).Model;
        var hidden = model.HiddenActivations(data.Test, 300); // more than the 200 examples: clamps
        Assert.Equal(2, hidden.Count);
        Assert.Equal(200 * 12, hidden[0].Length);
        Assert.Equal(200 * 7, hidden[1].Length);
        var x = data.Test.Row(150);
        var w = model.Weights(0);
        var b = model.Biases(0);
        for (int o = 0; o < 12; o++)
        {
            double z = b[o];
            for (int i = 0; i < 20; i++) z += (double)w[o * 20 + i] * x[i];
            Assert.Equal(Math.Tanh(z), hidden[0][150 * 12 + o], 4);
        }
    }

    [Fact]
    public void Predict_applies_the_saved_standardization()
    {
        var data = TestData.BlobSplits();
        var model = TrainSmall().Model;
        var raw = data.Test.Row(3).ToArray();
        var standardized = raw.ToArray();
        model.Preprocessing!.ApplyInPlace(standardized);
        var bare = new Model(model.Config with { Standardize = false }, model.LayerSizes, null, model.Parameters);
        Assert.Equal(bare.Predict(standardized), model.Predict(raw));
        var p = model.Predict(raw);
        Assert.Equal(1.0, p.Sum(), 5); // softmax probabilities
    }

    [Fact]
    public void Corrupt_truncated_and_foreign_files_are_rejected_naming_the_path()
    {
        Directory.CreateDirectory(_dir);
        var bytes = TrainSmall().Model.ToBytes();

        string Write(string name, byte[] content) { var p = Path.Combine(_dir, name); File.WriteAllBytes(p, content); return p; }
        var flipped = bytes.ToArray();
        flipped[bytes.Length - 100] ^= 0x40; // inside the float blob
        var truncated = bytes[..(bytes.Length - 7)];
        var foreign = "{\"not\": \"a model\"}"u8.ToArray().Concat(new byte[64]).ToArray();
        var versioned = bytes.ToArray();
        versioned[8] = 9;

        foreach (var (name, content, problem) in new[]
        {
            ("flipped.hnm", flipped, "checksum"), ("truncated.hnm", truncated, "truncated"),
            ("foreign.hnm", foreign, "magic"), ("version.hnm", versioned, "version 9"), ("empty.hnm", Array.Empty<byte>(), "bytes"),
        })
        {
            var path = Write(name, content);
            var e = Assert.Throws<InvalidDataException>(() => Model.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(problem, e.Message);
        }
    }

    [Fact]
    public void Model_rejects_parameters_or_sizes_that_do_not_fit_its_config()
    {
        var config = new TrainConfig { Hidden = [3] };
        Assert.Contains("need 23", Assert.Throws<ArgumentException>(() => new Model(config, [4, 3, 2], null, new float[22])).Message);
        Assert.Contains("do not match config.hidden [3]", Assert.Throws<ArgumentException>(() => new Model(config, [4, 5, 2], null, new float[37])).Message);
        Assert.Equal(23, new Model(config, [4, 3, 2], null, new float[23]).Parameters.Length);
    }

    private sealed class EvaluationComparer : IEqualityComparer<Evaluation>
    {
        public bool Equals(Evaluation? a, Evaluation? b) => a!.Loss == b!.Loss && a.Accuracy == b.Accuracy
            && a.PerClassAccuracy.SequenceEqual(b.PerClassAccuracy)
            && a.ConfusionMatrix.Zip(b.ConfusionMatrix).All(p => p.First.SequenceEqual(p.Second));
        public int GetHashCode(Evaluation e) => e.Loss.GetHashCode();
    }
}
