using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Store;

namespace Harness.Baselines.Tests;

public sealed class BaselineRunnerTests
{
    private static readonly DataSplits Moons = Splits.Stratified(Synthetic.TwoMoons(600, 0.1, 3), 0.6, 0.2, 1);
    private static readonly JsonNode MoonsSpec = JsonNode.Parse("""{"name":"moons","samples":600,"noise":0.1,"seed":3}""")!;

    [Theory]
    [InlineData(BaselineTrainer.SdcaMaxEnt, 0.80)]
    [InlineData(BaselineTrainer.LbfgsMaxEnt, 0.80)]
    [InlineData(BaselineTrainer.LightGbm, 0.95)]
    public void Each_trainer_learns_two_moons(BaselineTrainer trainer, double minTestAccuracy)
    {
        var r = MlNetBaselines.Train(trainer, Moons);
        Assert.Equal(trainer, r.Trainer);
        Assert.InRange(r.TestAccuracy, minTestAccuracy, 1.0);
        Assert.InRange(r.ValidationAccuracy, minTestAccuracy - 0.1, 1.0);
        Assert.True(r.Seconds >= 0);
    }

    [Fact]
    public void Run_stores_one_complete_trial_per_trainer_and_does_not_rerun_them()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var trainers = new[] { BaselineTrainer.SdcaMaxEnt, BaselineTrainer.LightGbm };
        var trials = BaselineRunner.Run(store, "moons-baselines", MoonsSpec, Moons, trainers);

        Assert.Equal(2, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal(BaselineRunner.Engine, t.Engine);
            Assert.NotNull(t.TestAccuracy);
            Assert.NotNull(t.ValidationAccuracy);
            Assert.Equal(t.Key, t.Params["trainer"]);
        });
        Assert.Equal(["sdca_maxent", "lightgbm"], trials.OrderBy(t => t.Number).Select(t => t.Key));

        var log = new List<string>();
        var again = BaselineRunner.Run(store, "moons-baselines", MoonsSpec, Moons, trainers, log.Add);
        Assert.Equal(trials.Select(t => (t.Id, t.FinishedUtc)), again.Select(t => (t.Id, t.FinishedUtc)));
        Assert.All(log, line => Assert.Contains("already complete", line));

        // Asking for another trainer later adds exactly that trial.
        var more = BaselineRunner.Run(store, "moons-baselines", MoonsSpec, Moons, [BaselineTrainer.LbfgsMaxEnt]);
        Assert.Equal(3, more.Count);
        Assert.Single(store.ListExperiments());
    }

    [Fact]
    public void The_heartbeat_is_written_while_a_trainer_runs()
    {
        using var store = LiteDbExperimentStore.InMemory();
        var trial = BaselineRunner.Run(store, "hb", MoonsSpec, Moons, [BaselineTrainer.LightGbm], heartbeat: TimeSpan.FromMilliseconds(5)).Single();
        Assert.Equal(TrialState.Complete, trial.State);
        Assert.NotNull(trial.StartedUtc);
        Assert.NotNull(trial.HeartbeatUtc);
        Assert.True(trial.HeartbeatUtc > trial.StartedUtc, $"heartbeat {trial.HeartbeatUtc:O} not after start {trial.StartedUtc:O}");
    }

    [Fact]
    public void A_different_dataset_under_the_same_name_is_refused()
    {
        using var store = LiteDbExperimentStore.InMemory();
        BaselineRunner.Run(store, "b", MoonsSpec, Moons, [BaselineTrainer.SdcaMaxEnt]);
        var other = JsonNode.Parse("""{"name":"moons","samples":600,"noise":0.3,"seed":3}""")!;
        Assert.Throws<SpecChangedException>(() => BaselineRunner.Run(store, "b", other, Moons, [BaselineTrainer.SdcaMaxEnt]));
    }

    [Fact]
    public void Unknown_trainer_name_lists_the_allowed_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => BaselineTrainers.Parse("svm"));
        Assert.Contains("svm", ex.Message);
        Assert.Contains("sdca_maxent, lbfgs_maxent, lightgbm", ex.Message);
    }

    [Fact]
    public void Regression_data_is_refused()
    {
        var f = Synthetic.Function("sin", 100, 0, 1);
        var data = new DataSplits(f, f, f);
        var ex = Assert.Throws<ArgumentException>(() => MlNetBaselines.Train(BaselineTrainer.SdcaMaxEnt, data));
        Assert.Contains("no labels", ex.Message);
    }
}
