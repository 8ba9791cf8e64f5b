namespace Harness.Reports.Html;

/// <summary>
/// What the report needs from the best trial's model, computed by whoever can run it (the engine):
/// the test-split confusion matrix, first-layer weights (Out, In) row-major (a CNN: its first convolution's filters,
/// one channel), and hidden activations per layer (n x width row-major) over a sample of test examples.
/// </summary>
public sealed record ModelInsights(int[][] Confusion, float[] FirstLayerWeights, int FirstLayerOutputs, int FirstLayerInputs,
    IReadOnlyList<HiddenActivations> Hidden, string Split)
{
    /// <summary>A convolutional model's layer outputs (convolution and pooling) for one test image; empty for an MLP.</summary>
    public IReadOnlyList<Harness.Reports.PlotData.FeatureMap> FeatureMaps { get; init; } = [];
    /// <summary>Training images beside augmented copies, when the trial trained with augmentation.</summary>
    public AugmentedImages? Augmented { get; init; }
    /// <summary>True when the first-layer weights are convolution filters (each FirstLayerInputs = size² values).</summary>
    public bool Convolutional { get; init; }
}

/// <summary>One hidden layer's activations: Values is n x Width row-major.</summary>
public sealed record HiddenActivations(float[] Values, int Width);

/// <summary>Computes <see cref="ModelInsights"/> from a stored model file; throws with a reason when it cannot.</summary>
public delegate ModelInsights ModelInspector(byte[] modelBytes, TrialRecord trial);
