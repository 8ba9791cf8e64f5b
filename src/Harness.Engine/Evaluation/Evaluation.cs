namespace Harness.Engine;

/// <summary>
/// Metrics of a model on one dataset. Loss is the mean per-example data loss (no regularization term).
/// Accuracy is argmax(output) == label over examples; for datasets without labels (regression, multi-label)
/// Accuracy is NaN and the per-class arrays are empty. ConfusionMatrix is [true class][predicted class] counts.
/// </summary>
public sealed record Evaluation(double Loss, double Accuracy, double[] PerClassAccuracy, int[][] ConfusionMatrix);
