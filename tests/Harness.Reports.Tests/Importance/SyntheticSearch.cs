using System.Globalization;
using Harness.Reports.Tests.Support;
using Harness.Store;

namespace Harness.Reports.Tests.Importance;

/// <summary>
/// A random search over learning rate (log 1e-4..1e-1), dropout (0..0.5), activation (relu, tanh) and depth (1..3)
/// with validation accuracy from a formula: <paramref name="dominant"/> names the parameter that drives it.
/// </summary>
internal static class SyntheticSearch
{
    public static List<TrialRecord> Trials(string dominant, int count = 150, int seed = 1)
    {
        var rng = new Random(seed);
        var list = new List<TrialRecord>();
        for (int i = 0; i < count; i++)
        {
            double lr = Math.Pow(10, -4 + 3 * rng.NextDouble()), dropout = 0.5 * rng.NextDouble();
            string activation = rng.Next(2) == 0 ? "relu" : "tanh";
            int depth = 1 + rng.Next(3);
            double noise = 0.002 * rng.NextDouble();
            double acc = dominant switch
            {
                "learning_rate" => 0.95 - 0.04 * Math.Pow(Math.Log10(lr) + 2.5, 2) + noise,
                "activation" => 0.80 + (activation == "tanh" ? 0.1 : 0) + noise,
                _ => throw new ArgumentException(dominant),
            };
            var hidden = Enumerable.Repeat(32, depth).ToArray();
            var trial = FakeTrials.Trial("s", i, 0, hidden, lr, acc, new()
            {
                ["depth"] = depth.ToString(CultureInfo.InvariantCulture),
                ["activation"] = activation,
                ["dropout"] = dropout.ToString("R", CultureInfo.InvariantCulture),
                ["learning_rate"] = lr.ToString("R", CultureInfo.InvariantCulture),
            });
            list.Add(trial with { Key = $"draw{i}|#r0" });
        }
        return list;
    }
}
