using System.Runtime.CompilerServices;
using Harness.Data;

namespace Harness.Engine;

/// <summary>Target rows for the loss: Dataset.Targets when present, else one-hot labels.</summary>
internal static class Targets
{
    /// <summary>t: (count, K) for examples [first, first + count) in order. Overwrites.</summary>
    public static void Fill(Dataset data, int first, int count, Span<float> t)
    {
        int k = data.OutputCount;
        if (data.Targets is { } targets) { targets.AsSpan(first * k, count * k).CopyTo(t); return; }
        t[..(count * k)].Clear();
        for (int i = 0; i < count; i++) t[i * k + data.Labels![first + i]] = 1f;
    }

    /// <summary>t: (B, K) for the examples named by <paramref name="indices"/>. Overwrites.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(Dataset data, ReadOnlySpan<int> indices, Span<float> t)
    {
        int k = data.OutputCount;
        if (data.Targets is { } targets)
        {
            for (int i = 0; i < indices.Length; i++) targets.AsSpan(indices[i] * k, k).CopyTo(t.Slice(i * k, k));
            return;
        }
        t[..(indices.Length * k)].Clear();
        for (int i = 0; i < indices.Length; i++) t[i * k + data.Labels![indices[i]]] = 1f;
    }

    /// <summary>Throws ArgumentException when <paramref name="data"/> cannot feed a network of these widths and loss.</summary>
    public static void CheckCompatible(Dataset data, int inputs, int outputs, Loss loss)
    {
        if (data.FeatureCount != inputs)
            throw new ArgumentException($"dataset '{data.Name}' has {data.FeatureCount} features; the network expects {inputs}");
        if (data.Count > 0 && data.OutputCount != outputs)
            throw new ArgumentException($"dataset '{data.Name}' has {data.OutputCount} outputs (classes or targets); the network has {outputs}");
        if (loss == Loss.Hinge && data.Targets is not null && data.Labels is null && outputs == 1)
            throw new ArgumentException($"loss 'hinge' needs class labels; dataset '{data.Name}' has one regression target");
    }
}
