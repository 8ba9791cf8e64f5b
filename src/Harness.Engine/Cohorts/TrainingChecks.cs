using Harness.Data;

namespace Harness.Engine;

/// <summary>Checks every engine makes before a cohort trains: valid configs that fit the data.</summary>
public static class TrainingChecks
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the problem (the field as spelled in JSON where there is one).</summary>
    public static void Check(DataSplits data, IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(members);
        foreach (var config in members) ConfigValidator.ThrowIfInvalid(config);
        CohortKey.CheckCompatible(members);
        var train = data.Train;
        if (train.Count == 0) throw new ArgumentException($"training split '{train.Name}' is empty");
        foreach (var config in members)
        {
            foreach (var d in new[] { train, data.Validation, data.Test })
                Targets.CheckCompatible(d, train.FeatureCount, train.OutputCount, config.Loss);
            if (config.Layers is { } layers && LayerPlan.Check(layers, train.Shape, train.FeatureCount, train.OutputCount) is { Count: > 0 } problems)
                throw new ArgumentException($"layers do not fit dataset '{train.Name}' ({(train.Shape is { } s ? $"images {s}" : $"{train.FeatureCount} features, no image shape")}):\n  " + string.Join("\n  ", problems));
            if (config.Augmentation is { Geometric: true } && train.Shape is null)
                throw new ArgumentException($"augmentation: shift, rotation, scale and elastic distortion need image data, and dataset '{train.Name}' holds plain feature vectors (no image shape); use noise only");
            if (config.EarlyStopping is not { } es) continue;
            // Without these checks early stopping would silently stop after `patience` epochs with no best epoch.
            if (data.Validation.Count == 0)
                throw new ArgumentException($"early_stopping: validation split '{data.Validation.Name}' is empty; early stopping needs validation examples");
            if (es.Monitor == Monitor.ValAccuracy && data.Validation.Labels is null)
                throw new ArgumentException($"early_stopping.monitor: 'val_accuracy' needs class labels, and validation split '{data.Validation.Name}' has none; use val_loss");
        }
    }
}
