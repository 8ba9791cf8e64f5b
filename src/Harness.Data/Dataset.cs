namespace Harness.Data;

/// <summary>
/// A dense in-memory dataset: <see cref="Count"/> examples of <see cref="FeatureCount"/> float features,
/// stored row-major in one array. Single-label classification uses <see cref="Labels"/>; regression and
/// multi-label sets use <see cref="Targets"/> (Count x TargetCount, row-major) and may also carry labels.
/// </summary>
public sealed class Dataset : IRows
{
    public Dataset(string name, float[] features, int featureCount, int[]? labels, int classCount,
        float[]? targets = null, int targetCount = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "featureCount must be positive");
        if (features.Length % featureCount != 0)
            throw new ArgumentException($"features length {features.Length} is not a multiple of featureCount {featureCount}", nameof(features));
        Count = features.Length / featureCount;
        if (labels is null && targets is null) throw new ArgumentException("a dataset needs labels, targets or both");
        if (labels is not null && labels.Length != Count)
            throw new ArgumentException($"labels length {labels.Length} does not match example count {Count}", nameof(labels));
        if (targets is not null && (targetCount <= 0 || targets.Length != Count * targetCount))
            throw new ArgumentException($"targets length {targets.Length} does not match {Count} x {targetCount}", nameof(targets));
        if (labels is not null)
        {
            if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be positive when labels are given");
            foreach (var y in labels)
                if ((uint)y >= (uint)classCount) throw new ArgumentException($"label {y} outside [0, {classCount})", nameof(labels));
        }
        Name = name;
        Features = features;
        FeatureCount = featureCount;
        Labels = labels;
        ClassCount = classCount;
        Targets = targets;
        TargetCount = targets is null ? 0 : targetCount;
    }

    public string Name { get; }
    public int Count { get; }
    public int FeatureCount { get; }
    /// <summary>Count x FeatureCount, row-major.</summary>
    public float[] Features { get; }
    /// <summary>Class index per example, or null for pure regression / multi-label sets.</summary>
    public int[]? Labels { get; }
    public int ClassCount { get; }
    /// <summary>Count x TargetCount, row-major; null for single-label classification (targets are one-hot of Labels).</summary>
    public float[]? Targets { get; }
    public int TargetCount { get; }

    /// <summary>
    /// Optional display names of the classes, indexed by label (length <see cref="ClassCount"/>); set by
    /// <see cref="CsvDataset"/> to the label column's original values, null where labels are their own names.
    /// Carried along by <see cref="Subset"/> and <see cref="Slice"/>.
    /// </summary>
    public IReadOnlyList<string>? ClassNames
    {
        get;
        init
        {
            if (value is not null && (Labels is null || value.Count != ClassCount))
                throw new ArgumentException($"ClassNames has {value.Count} names but the dataset has {(Labels is null ? "no labels" : $"{ClassCount} classes")}", nameof(ClassNames));
            field = value;
        }
    }

    /// <summary>
    /// The image shape of each example (its <see cref="ImageShape.Size"/> equals <see cref="FeatureCount"/>), or
    /// null for plain feature vectors. Convolution and pooling layers need it. Carried along by <see cref="Subset"/>
    /// and <see cref="Slice"/>.
    /// </summary>
    public ImageShape? Shape
    {
        get;
        init
        {
            if (value is { } v)
            {
                v.Check();
                if (v.Size != FeatureCount)
                    throw new ArgumentException($"image shape {v} holds {v.Size} values but the dataset has {FeatureCount} features", nameof(Shape));
            }
            field = value;
        }
    }

    /// <summary>Width of the network's output layer for this dataset.</summary>
    public int OutputCount => Targets is not null ? TargetCount : ClassCount;

    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * FeatureCount, FeatureCount);

    /// <summary>A copy holding the given examples in the given order.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices, string? name = null)
    {
        var x = new float[indices.Length * FeatureCount];
        int[]? y = Labels is null ? null : new int[indices.Length];
        float[]? t = Targets is null ? null : new float[indices.Length * TargetCount];
        for (int k = 0; k < indices.Length; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), i, $"index outside [0, {Count})");
            Row(i).CopyTo(x.AsSpan(k * FeatureCount, FeatureCount));
            if (y is not null) y[k] = Labels![i];
            if (t is not null) Targets.AsSpan(i * TargetCount, TargetCount).CopyTo(t.AsSpan(k * TargetCount, TargetCount));
        }
        return new Dataset(name ?? Name, x, FeatureCount, y, ClassCount, t, TargetCount) { ClassNames = ClassNames, Shape = Shape };
    }

    /// <summary>A copy of examples [start, start + count).</summary>
    public Dataset Slice(int start, int count, string? name = null)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"slice [{start}, {start + count}) outside [0, {Count})");
        var idx = new int[count];
        for (int k = 0; k < count; k++) idx[k] = start + k;
        return Subset(idx, name);
    }

    /// <summary>This dataset itself when asked for all of it under its own name, else a copy (<see cref="Slice"/>).</summary>
    Dataset IRows.Rows(int start, int count, string name) =>
        start == 0 && count == Count && name == Name ? this : Slice(start, count, name);
}
