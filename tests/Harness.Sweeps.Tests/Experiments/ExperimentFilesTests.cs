using Harness.Engine;

namespace Harness.Sweeps.Tests.Experiments;

/// <summary>The files in experiments/ (copied next to the tests) all load, validate and plan.</summary>
public sealed class ExperimentFilesTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "experiments");

    [Fact]
    public void Every_file_in_experiments_loads_and_every_planned_config_is_valid()
    {
        var files = Directory.GetFiles(Dir, "*.json");
        Assert.True(files.Length >= 5, $"expected the experiment files next to the tests, found {files.Length}");
        foreach (var file in files)
        {
            var spec = ExperimentFile.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Name);
            var plan = spec.CreateSampler().Plan([]);
            Assert.NotEmpty(plan);
            foreach (var c in plan) Assert.Empty(ConfigValidator.Validate(ConfigResolver.Apply(spec.Base, c.Assignments)));
        }
    }

    [Fact]
    public void Nielsen_2015_is_three_architectures_times_three_seeds_as_in_network_py()
    {
        var spec = ExperimentFile.Load(Path.Combine(Dir, "nielsen-2015.json"));
        var trials = TrialPlanner.Plan(spec, 1, spec.CreateSampler().Plan([]));
        Assert.Equal(9, trials.Count);
        var configs = trials.Select(TrialPlanner.Config).ToList();
        Assert.Equal(3, configs.Select(c => string.Join(",", c.Hidden)).Distinct().Count());
        Assert.All(configs, c =>
        {
            Assert.Equal(Activation.Sigmoid, c.Activation);
            Assert.Equal(Loss.Quadratic, c.Loss);
            Assert.Equal(Init.StandardNormal, c.Init);
            Assert.Equal(3.0, c.LearningRate);
            Assert.Equal(10, c.BatchSize);
            Assert.Equal(30, c.Epochs);
            Assert.Null(c.EarlyStopping);
        });
        Assert.Equal("standard", spec.Dataset.Split);
        Assert.Null(spec.Dataset.TrainLimit);
    }

    [Fact]
    public void Random_file_has_fifty_plus_trials_and_quick_is_small()
    {
        Assert.True(ExperimentFile.Load(Path.Combine(Dir, "mnist-random.json")).Search.Trials >= 50);
        var quick = ExperimentFile.Load(Path.Combine(Dir, "quick.json"));
        Assert.InRange(quick.Dataset.TrainLimit ?? int.MaxValue, 5000, 10000);
        Assert.InRange(quick.CreateSampler().Plan([]).Count * quick.Repeats, 2, 30);
    }

    [Fact]
    public void The_cnn_files_are_lenet_and_the_lecture_network()
    {
        var lenet = ExperimentFile.Load(Path.Combine(Dir, "lenet-cpu.json"));
        Assert.Equal("c6k5same-p2-c16k5-p2-d120-d84", LayerSpec.LabelOf(lenet.Base.Layers!));
        var lecture = ExperimentFile.Load(Path.Combine(Dir, "cnn-mnist.json"));
        Assert.Equal("c32k5same-p2-c64k5same-p2-d1024", LayerSpec.LabelOf(lecture.Base.Layers!));
        Assert.Equal(0.5, lecture.Base.Dropout);
        Assert.Equal(3, lecture.Repeats);
        var arch = Harness.Engine.Architecture.Of(lecture.Base, 784, 10, new Harness.Data.ImageShape(1, 28, 28));
        Assert.Equal(32 * 25 + 32 + 64 * 25 * 32 + 64 + 7 * 7 * 64 * 1024 + 1024 + 1024 * 10 + 10, arch.Layout.Count);
    }

    /// <summary>
    /// Adding the layer list and augmentation to TrainConfig (null unless set, so left out of the hashed JSON) keeps
    /// every MLP experiment's spec hash, so stored sweeps resume instead of starting a new version. Hashes taken
    /// from main at 5b50815 (before those fields); an intended edit of one of these files changes its pin.
    /// </summary>
    [Theory]
    [InlineData("quick.json", "d76cba24080077a6d6bfe18668f8a60fe2559a50c5c09b6a91658facc041d133")]
    [InlineData("nielsen-2015.json", "1c59a81141a7f701b33a0baef0814b63fd3d25aa71cb12c79984577efe3346eb")]
    [InlineData("xor.json", "6a29605062c988fd4fd8837b1d69296acb4ee30caaddee064a34de2461264f02")]
    public void Mlp_experiment_hashes_did_not_change_with_the_cnn_fields(string file, string hash) =>
        Assert.Equal(hash, ExperimentFile.Load(Path.Combine(Dir, file)).Hash());
}
