using Harness.Dashboard.Api;
using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>Picks the trials whose learning curves the experiment page draws and reads their epochs.</summary>
internal static class Curves
{
    /// <summary>The <paramref name="best"/> finished trials by validation accuracy, then up to as many running trials.</summary>
    public static CurvesDto Of(TrialSnapshot s, IExperimentStore store, int best)
    {
        var indexes = Enumerable.Range(0, s.Trials.Count);
        var top = indexes.Where(i => s.Trials[i].State != TrialState.Running && Numbers.Finite(s.Trials[i].ValidationAccuracy) is not null)
            .OrderByDescending(i => s.Trials[i].ValidationAccuracy).ThenBy(i => s.Trials[i].Number).Take(best);
        var running = indexes.Where(i => s.Trials[i].State == TrialState.Running).Take(best);
        var curves = top.Concat(running).Select(i => Curve(s, i, store.GetEpochs(s.Trials[i].Id))).ToList();
        return new CurvesDto(s.Experiment.Name, s.Experiment.Version, s.Stamp, s.ParamNames, curves);
    }

    private static CurveDto Curve(TrialSnapshot s, int i, IReadOnlyList<EpochRecord> epochs)
    {
        var t = s.Trials[i];
        return new CurveDto(t.Id, t.Number, TrialStates.Name(t.State), s.ParamValues[i], [.. epochs.Select(e => e.Epoch)],
            [.. epochs.Select(e => Numbers.Finite(e.ValidationAccuracy))], [.. epochs.Select(e => Numbers.Finite(e.TrainAccuracy))],
            [.. epochs.Select(e => Numbers.Finite(e.ValidationLoss))], [.. epochs.Select(e => Numbers.Finite(e.TrainLoss))]);
    }
}
