using System.Diagnostics;
using System.Globalization;
using Harness.Store;
using static Harness.Dashboard.Tests.Support.StoreWriter;

namespace Harness.Dashboard.Tests.Support;

/// <summary>
/// One in-memory store with experiment "big": 10,000 trials (learning_rate: 97 values, width: 8, activation: 2), of
/// which the first 300 are finished with validation accuracy 0.9 + number/1e5. Each Finish is its own store
/// transaction (about 10 ms here), so finishing all would cost a minute; the tests that need it share this one.
/// </summary>
public sealed class LargeStore : IDisposable
{
    public const int Trials = 10_000, Finished = 300;

    public LargeStore()
    {
        var sw = Stopwatch.StartNew();
        var w = new StoreWriter(Store);
        w.Experiment("big");
        var planned = w.Plan("big", Enumerable.Range(0, Trials).Select(i => Params(
            ("learning_rate", (0.001 * (1 + i % 97)).ToString("R", CultureInfo.InvariantCulture)),
            ("width", (32 * (1 + i % 8)).ToString(CultureInfo.InvariantCulture)), ("activation", i % 3 == 0 ? "tanh" : "relu"))));
        w.Complete([.. planned.Take(Finished)], t => 0.9 + t.Number / 1e5, epochs: 2);
        FillSeconds = sw.Elapsed.TotalSeconds;
    }

    public LiteDbExperimentStore Store { get; } = LiteDbExperimentStore.InMemory();

    public double FillSeconds { get; }

    /// <summary>How many trials a filter on "tanh width=256" keeps (activation tanh and width 256: one in 24).</summary>
    public static int TanhWidth256 => Enumerable.Range(0, Trials).Count(i => i % 3 == 0 && i % 8 == 7);

    public void Dispose() => Store.Dispose();
}
