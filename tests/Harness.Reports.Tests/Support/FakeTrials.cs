using System.Globalization;
using System.Text.Json;
using Harness.Engine;
using Harness.Store;

namespace Harness.Reports.Tests.Support;

/// <summary>
/// Deterministic fake experiments: a grid over depth x width x learning rate with several seeds, accuracies from a
/// smooth formula plus seed noise, and epoch rows with plausible curves (rising accuracy, falling loss, overfitting
/// after the best epoch).
/// </summary>
internal static class FakeTrials
{
    public static readonly int[] Depths = [1, 2];
    public static readonly int[] Widths = [30, 100];
    public static readonly double[] Rates = [0.01, 0.1, 1.0];

    /// <summary>12 configurations x seeds trials, ids from 1, numbers in order; the last trial can be marked failed.</summary>
    public static List<TrialRecord> Grid(string experiment = "grid", int seeds = 3, bool withFailed = true)
    {
        var list = new List<TrialRecord>();
        int number = 0;
        foreach (var d in Depths)
            foreach (var w in Widths)
                foreach (var lr in Rates)
                    for (int s = 0; s < seeds; s++)
                    {
                        var hidden = Enumerable.Repeat(w, d).ToArray();
                        double acc = Accuracy(d, w, lr, s);
                        list.Add(Trial(experiment, number++, s, hidden, lr, acc, new()
                        {
                            ["hidden"] = JsonSerializer.Serialize(hidden),
                            ["learning_rate"] = lr.ToString(CultureInfo.InvariantCulture),
                        }));
                    }
        if (withFailed)
            list.Add(Trial(experiment, number, 0, [30], 10, 0, new() { ["hidden"] = "[30]", ["learning_rate"] = "10" }) with
            {
                State = TrialState.Diverged,
                TestAccuracy = null,
                ValidationAccuracy = null,
            });
        return list;
    }

    /// <summary>Plausible accuracy: better with width and depth, best at lr 0.1, +-0.1% seed noise.</summary>
    public static double Accuracy(int depth, int width, double lr, int seed) =>
        0.90 + 0.02 * (width == 100 ? 1 : 0) + 0.01 * (depth - 1) - 0.02 * Math.Abs(Math.Log10(lr) + 1) + 0.001 * (seed - 1);

    public static TrialRecord Trial(string experiment, int number, int seed, int[] hidden, double lr, double testAcc,
        Dictionary<string, string> parameters, TrialState state = TrialState.Complete)
    {
        var config = new TrainConfig { Hidden = hidden, LearningRate = lr, Seed = seed, Epochs = 12 };
        return new TrialRecord
        {
            Id = number + 1,
            Experiment = experiment,
            Number = number,
            Key = $"k{number}",
            Repeat = seed,
            Seed = seed,
            Params = parameters,
            ConfigJson = JsonSerializer.Serialize(config, EngineJson.Compact),
            State = state,
            EpochsRun = 12,
            BestEpoch = 8 + number % 3,
            Seconds = 10 + number,
            ValidationAccuracy = testAcc + 0.003,
            TestAccuracy = testAcc,
            ValidationLoss = 1 - testAcc,
            TestLoss = 1 - testAcc,
        };
    }

    /// <summary>Epoch rows: validation peaks at the trial's best epoch at its validation accuracy.</summary>
    public static IReadOnlyList<EpochRecord> Epochs(TrialRecord t)
    {
        var rows = new List<EpochRecord>();
        double final = t.ValidationAccuracy ?? 0.5;
        int best = t.BestEpoch ?? t.EpochsRun;
        for (int e = 1; e <= t.EpochsRun; e++)
        {
            double rise = 1 - Math.Exp(-e / 2.5);
            double val = final * (0.6 + 0.4 * rise / (1 - Math.Exp(-best / 2.5))) - (e > best ? 0.002 * (e - best) : 0);
            double train = Math.Min(0.999, val + 0.004 * e);
            rows.Add(new EpochRecord
            {
                TrialId = t.Id,
                Epoch = e,
                TrainAccuracy = train,
                ValidationAccuracy = val,
                TrainLoss = 1.2 * Math.Exp(-e / 3.0) + 0.05,
                ValidationLoss = 1.2 * Math.Exp(-e / 3.0) + 0.08 + (e > best ? 0.01 * (e - best) : 0),
                LearningRate = 0.1,
                Seconds = 1,
            });
        }
        return rows;
    }
}
