using System.Globalization;

namespace Harness.Engine;

/// <summary>
/// The one statement of what must be equal inside a cohort: the architecture (hidden widths or layer list, activation,
/// output activation, loss, and the leaky slope where a leaky ReLU is used), the batch size and the
/// standardization of the inputs (the data the engine holds). The dataset is the sweep's. Every other
/// <see cref="TrainConfig"/> field may differ between members: optimizer and its coefficients, learning rate
/// and schedule, L1/L2, dropout, init, seeds, epochs, early stopping, threads.
/// </summary>
public static class CohortKey
{
    /// <summary>A text equal for two configs exactly when they may train in one cohort (on the same dataset).</summary>
    public static string Of(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var architecture = config.Layers is null ? Architecture.Of(config, inputs: 1, outputs: 1).Key : Architecture.LayerListKey(config);
        return string.Create(CultureInfo.InvariantCulture,
            $"{architecture} | batch {config.BatchSize} | standardize {config.Standardize}");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first member that may not share a cohort with member 0.</summary>
    public static void CheckCompatible(IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("a cohort needs at least one member");
        var first = Of(members[0]);
        for (int m = 1; m < members.Count; m++)
        {
            var key = Of(members[m]);
            if (key != first)
                throw new ArgumentException($"cohort member {m} ({key}) differs from member 0 ({first}) in architecture, batch_size or standardize");
        }
    }
}
