using System.Text.RegularExpressions;

namespace Harness.Cli.Tests;

/// <summary>`best`: ranks configurations by the mean over seeds and writes a config file that `train --config` reproduces.</summary>
public sealed partial class BestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-best-").FullName;
    private string Db => Path.Combine(_dir, "h.db");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static (int Exit, string Output) Run(params string[] args) => CliProcess.Run(TimeSpan.FromSeconds(120), args);

    [Fact]
    public void Best_ranks_by_the_mean_over_seeds_and_its_config_file_reproduces_the_trial()
    {
        var experiment = Path.Combine(_dir, "moons.json");
        File.WriteAllText(experiment, """
            {
              "name": "m",
              "dataset": { "name": "moons", "samples": 300, "noise": 0.35, "seed": 4 },
              "base": { "hidden": [6], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.02, "batch_size": 16, "epochs": 6 },
              "repeats": 3,
              "search": { "space": { "width": [1, 12] } }
            }
            """);
        Assert.Equal(0, Run("sweep", experiment, "--db", Db, "--engine", "cpu").Exit);

        var config = Path.Combine(_dir, "out", "best.json");
        var (exit, output) = Run("best", "m", "--db", Db, "--out", config);
        Assert.Equal(0, exit);
        Assert.Contains("best of 2 configuration(s) (6 trials), by mean validation accuracy over seeds", output);
        Assert.Contains("(mean ± std over 3 seeds)", output);
        Assert.Contains($"harness train --config {config}", output);
        Assert.True(File.Exists(config));
        var text = File.ReadAllText(config);
        Assert.Contains("\"dataset\"", text);
        Assert.Contains("\"moons\"", text);
        Assert.Contains("\"noise\": 0.35", text);

        // Without --out the file lands in EXP/ beside the store (results/EXP/ for the default store).
        Assert.Equal(0, Run("best", "m", "--db", Db).Exit);
        Assert.Equal(text, File.ReadAllText(Path.Combine(_dir, "m", "best-config.json")));

        // train --config FILE trains the same trial again: same test accuracy.
        var bestTest = BestSeedTest().Match(output).Groups[1].Value;
        var train = Run("train", "--config", config, "--out", Path.Combine(_dir, "out", "again.model"), "--engine", "cpu");
        Assert.Equal(0, train.Exit);
        Assert.Contains($"test accuracy {bestTest} ", train.Output);
    }

    [Theory]
    [InlineData(false, 4, 5, " (of the weights after epoch 5: restore_best is off)")]
    [InlineData(true, 4, 5, "")]   // restore_best: the test is of the best epoch's weights
    [InlineData(false, 5, 5, "")]  // the best epoch is the last
    public void The_best_seeds_test_accuracy_says_when_it_is_of_other_weights_than_its_validation(bool restoreBest, int bestEpoch, int epochs, string expected)
    {
        var config = new Harness.Engine.TrainConfig { EarlyStopping = new Harness.Engine.EarlyStopping { RestoreBest = restoreBest } };
        var trial = new Harness.Store.TrialRecord
        {
            Experiment = "e",
            Key = "k",
            Params = [],
            BestEpoch = bestEpoch,
            EpochsRun = epochs,
            ConfigJson = System.Text.Json.JsonSerializer.Serialize(config, Harness.Engine.EngineJson.Options),
        };
        Assert.Equal(expected, Commands.BestCommand.TestWeights(trial));
    }

    [GeneratedRegex(@"best seed: +trial \d+, seed \d+: validation [0-9.]+% \(epoch \d+ of \d+\), test ([0-9.]+%)")]
    private static partial Regex BestSeedTest();
}
