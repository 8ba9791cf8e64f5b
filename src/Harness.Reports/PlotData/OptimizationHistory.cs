using Harness.Reports.Trials;

namespace Harness.Reports.PlotData;

/// <summary>One finished trial in sampler order, with the best value seen up to and including it.</summary>
public readonly record struct HistoryPoint(int Number, long TrialId, double Value, double BestSoFar);

public static class OptimizationHistory
{
    /// <summary>Complete trials ordered by trial number (then id); BestSoFar is the running max (min for epochs/seconds).</summary>
    public static IReadOnlyList<HistoryPoint> Build(IEnumerable<TrialRecord> trials, Metric metric = Metric.ValidationAccuracy)
    {
        var result = new List<HistoryPoint>();
        double best = double.NaN;
        foreach (var t in trials.Where(t => t.State == TrialState.Complete && metric.Of(t) is not null)
                     .OrderBy(t => t.Number).ThenBy(t => t.Id))
        {
            double v = metric.Of(t)!.Value;
            if (double.IsNaN(best) || (metric.HigherIsBetter() ? v > best : v < best)) best = v;
            result.Add(new HistoryPoint(t.Number, t.Id, v, best));
        }
        return result;
    }

    /// <summary>The best-so-far line of <paramref name="points"/> as steps: level until the next trial, then up (or down) to it.</summary>
    public static (double[] X, double[] Y) Steps(IReadOnlyList<HistoryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sx = new List<double>();
        var sy = new List<double>();
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0) { sx.Add(points[i].Number); sy.Add(points[i - 1].BestSoFar); }
            sx.Add(points[i].Number);
            sy.Add(points[i].BestSoFar);
        }
        return ([.. sx], [.. sy]);
    }
}
