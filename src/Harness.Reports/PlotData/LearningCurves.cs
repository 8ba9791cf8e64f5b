using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>One trial's per-epoch history. Accuracies in percent; Epochs are 1-based.</summary>
/// <param name="StopEpoch">The epoch whose weights were kept (early stopping's best epoch), or null.</param>
public sealed record LearningCurve(long TrialId, string Label, int[] Epochs, double[] TrainAccuracy, double[] ValidationAccuracy,
    double[] TrainLoss, double[] ValidationLoss, int? StopEpoch);

/// <summary>Learning curves of the best trials.</summary>
public static class LearningCurves
{
    /// <summary>
    /// The <paramref name="k"/> complete trials with the best validation accuracy (ties: lower id first), with
    /// their epoch rows from <paramref name="epochs"/> (trial id -> rows). Trials without epoch rows are skipped.
    /// </summary>
    public static IReadOnlyList<LearningCurve> BestK(IEnumerable<TrialRecord> trials, Func<long, IReadOnlyList<EpochRecord>> epochs,
        int k, IReadOnlyList<string>? labelKeys = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var views = TrialSet.Complete(trials, Metric.ValidationAccuracy);
        var keys = labelKeys ?? (views.Count > 0 ? TrialSet.DefaultKeys(views) : []);
        var result = new List<LearningCurve>();
        foreach (var v in views.OrderByDescending(v => v.Record.ValidationAccuracy).ThenBy(v => v.Id))
        {
            var rows = epochs(v.Id).OrderBy(e => e.Epoch).ToList();
            if (rows.Count == 0) continue;
            var label = $"#{v.Record.Number} " + string.Join(" ", keys.Select(n => $"{n}={TrialSet.Display(v.Value(n))}")) + $" seed={v.Record.Seed}";
            result.Add(new LearningCurve(v.Id, label.Trim(), rows.Select(e => e.Epoch).ToArray(),
                rows.Select(e => e.TrainAccuracy * 100).ToArray(), rows.Select(e => e.ValidationAccuracy * 100).ToArray(),
                rows.Select(e => e.TrainLoss).ToArray(), rows.Select(e => e.ValidationLoss).ToArray(), v.Record.BestEpoch));
            if (result.Count == k) break;
        }
        return result;
    }
}
