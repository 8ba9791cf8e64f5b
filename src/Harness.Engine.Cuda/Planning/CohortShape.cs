namespace Harness.Engine.Cuda;

/// <summary>
/// The int array cohort_epoch reads the network from (S_ layout in cohort.cu): layer count L, the L + 1 widths, the
/// hidden activation, the output activation (identity where the loss folds it), the loss, the leaky slope's float
/// bits, and whether the training and validation splits have labels.
/// </summary>
internal static class CohortShape
{
    public static int[] Of(Architecture architecture, bool trainLabels, bool validationLabels)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var sizes = architecture.Layout.Sizes;
        var loss = architecture.Loss;
        return
        [
            sizes.Length - 1, .. sizes,
            (int)architecture.Hidden, (int)(loss.FoldsOutput ? Activation.Identity : loss.OutputActivation), (int)loss.Loss,
            BitConverter.SingleToInt32Bits(loss.LeakySlope), trainLabels ? 1 : 0, validationLabels ? 1 : 0,
        ];
    }
}
