using System.Text.RegularExpressions;
using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>`harness sweep` killed with SIGKILL after a checkpoint: the next sweep goes on from it, to the same end.</summary>
public sealed partial class SweepProcessTests
{
    [GeneratedRegex(@"trial 0 goes on from its checkpoint after epoch (\d+)")]
    private static partial Regex GoesOnLine();

    [Fact]
    public void Killed_after_a_checkpoint_a_trial_goes_on_from_it_and_ends_as_a_run_never_killed()
    {
        // One trial of 1,500 short epochs (a few seconds), checkpointed every 50 ms in the run that is killed.
        System.IO.File.WriteAllText(File, """
            {
              "name": "tiny",
              "dataset": { "name": "spirals", "samples": 4000 },
              "base": { "hidden": [16], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.01, "dropout": 0.1,
                        "batch_size": 8, "epochs": 1500, "threads": 1 },
              "search": { "space": { "learning_rate": [0.01] } }
            }
            """);
        var referenceDb = Path.Combine(_dir, "reference.db");
        Finish(Start("sweep", File, "--db", referenceDb, "--checkpoint-every", "0"));

        var child = Start("sweep", File, "--db", Db, "--checkpoint-every", "0.05");
        int checkpointed;
        using (var reader = new LiteDbExperimentStore(Db))
        {
            bool reached = WaitFor(child, reader, trials => trials[0].State == TrialState.Running &&
                reader.LoadCheckpoint(trials[0].Id) is { Epoch: >= 20 and <= 1000 });
            Assert.True(reached, "the sweep ended before a checkpoint:\n" + child.Output);
            child.Process.Kill(); // SIGKILL on Linux
            child.Process.WaitForExit();
            var trial = reader.GetTrials("tiny")[0];
            Assert.Equal(TrialState.Running, trial.State); // left behind by the kill
            checkpointed = reader.LoadCheckpoint(trial.Id)!.Epoch;
        }

        var show = Finish(Start("show", "tiny", "--db", Db));
        Assert.Contains($"running, checkpoint {checkpointed}", show); // the killed trial, before a sweep re-queues it

        var output = Finish(Start("sweep", File, "--db", Db));
        Assert.Contains("re-queued 1 trial(s)", output);
        Assert.Equal(checkpointed, int.Parse(GoesOnLine().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        using var reference = new LiteDbExperimentStore(referenceDb);
        using var resumed = new LiteDbExperimentStore(Db);
        var (want, got) = (reference.GetTrials("tiny")[0], resumed.GetTrials("tiny")[0]);
        Assert.Equal((TrialState.Complete, want.EpochsRun, want.TestAccuracy, want.TestLoss), (got.State, got.EpochsRun, got.TestAccuracy, got.TestLoss));
        static string Rows(IExperimentStore s, TrialRecord t) => string.Join("\n", s.GetEpochs(t.Id).Select(e =>
            $"{e.Epoch} {e.TrainLoss:R} {e.TrainAccuracy:R} {e.ValidationLoss:R} {e.ValidationAccuracy:R}"));
        Assert.Equal(Rows(reference, want), Rows(resumed, got));
        Assert.Equal(reference.LoadModel(want.Id), resumed.LoadModel(got.Id));
        Assert.Null(resumed.LoadCheckpoint(got.Id));
    }
}
