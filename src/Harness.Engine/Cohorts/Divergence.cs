using System.Globalization;

namespace Harness.Engine;

/// <summary>
/// When a member has diverged, the same rule on every engine: a training batch's loss, the epoch's training loss
/// or its validation loss is NaN or infinite; or the epoch's training loss exceeds <see cref="Factor"/> times
/// the initial loss (the mean loss of the first training batch, before any update; at least 1, so a network
/// that starts near zero loss is not flagged for small absolute values). Engines check it once per epoch.
/// </summary>
public static class Divergence
{
    public const double Factor = 1e6;

    /// <summary>Why the epoch counts as diverged, or null when it does not.</summary>
    public static string? Check(double initialLoss, double trainLoss, double validationLoss, bool hasValidation)
    {
        var inv = CultureInfo.InvariantCulture;
        if (!double.IsFinite(trainLoss)) return "the training loss became NaN or infinite";
        if (hasValidation && !double.IsFinite(validationLoss)) return "the validation loss became NaN or infinite";
        double limit = Factor * Math.Max(double.IsFinite(initialLoss) ? initialLoss : 1, 1);
        return trainLoss > limit
            ? string.Create(inv, $"the training loss {trainLoss:G3} exceeded {Factor:0e0} x the initial loss {initialLoss:G3}")
            : null;
    }

    /// <summary>The reason when a training batch's loss was not finite.</summary>
    public const string BatchLoss = "a training batch's loss became NaN or infinite";
}
