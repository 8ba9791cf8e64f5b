namespace Harness.Engine.Cuda;

/// <summary>
/// The int array cohort_epoch reads the network from (S_ layout in cohort.cu): the stage count, the hidden activation,
/// the output activation (identity where the loss folds it), the loss, the leaky slope's float bits, whether the
/// training and validation splits have labels, the data's image shape (channels, height, width; N x 1 x 1 for plain
/// vectors; augmentation warps by it); then per stage (<see cref="CohortStage"/>) its kind, input channels,
/// height, width, output channels, height, width, window size, stride, top and left padding, and a zero.
/// </summary>
internal static class CohortShape
{
    /// <summary>Ints before the first stage (S_HEADER in cohort.cu).</summary>
    public const int Header = 10;
    /// <summary>Ints per stage (S_STAGE_INTS in cohort.cu).</summary>
    public const int StageInts = 12;

    public static int[] Of(Architecture architecture, bool trainLabels, bool validationLabels, Harness.Data.ImageShape? image = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var stages = CohortStage.Of(architecture);
        var loss = architecture.Loss;
        int[] header =
        [
            stages.Count, (int)architecture.Hidden, (int)(loss.FoldsOutput ? Activation.Identity : loss.OutputActivation), (int)loss.Loss,
            BitConverter.SingleToInt32Bits(loss.LeakySlope), trainLabels ? 1 : 0, validationLabels ? 1 : 0,
            .. Image(architecture, image),
        ];
        return [.. header, .. stages.SelectMany(Ints)];
    }

    /// <summary>The image shape augmentation warps by: the data's, or the input as N x 1 x 1.</summary>
    private static int[] Image(Architecture architecture, Harness.Data.ImageShape? image) =>
        image is { } i ? [i.Channels, i.Height, i.Width] : [architecture.Inputs, 1, 1];

    private static int[] Ints(CohortStage s) =>
        [(int)s.Kind, s.In.Channels, s.In.Height, s.In.Width, s.Out.Channels, s.Out.Height, s.Out.Width, s.Size, s.Stride, s.PadTop, s.PadLeft, 0];
}
