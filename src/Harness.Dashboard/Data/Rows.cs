using Harness.Dashboard.Api;
using Harness.Store;

namespace Harness.Dashboard.Data;

/// <summary>DTOs of one snapshot trial (non-finite numbers become null).</summary>
internal static class Rows
{
    public static TrialRowDto Row(TrialSnapshot s, int i)
    {
        var t = s.Trials[i];
        return new TrialRowDto(t.Id, t.Number, TrialStates.Name(t.State), s.ParamValues[i], Numbers.Finite(t.ValidationAccuracy),
            Numbers.Finite(t.TestAccuracy), Numbers.Finite(t.ValidationLoss), t.BestEpoch, t.EpochsRun, Numbers.Finite(t.Seconds),
            t.Seed, t.Host, t.Error);
    }

    public static TrialPointDto Point(TrialSnapshot s, int i)
    {
        var t = s.Trials[i];
        return new TrialPointDto(t.Id, t.Number, TrialStates.Name(t.State), s.ParamValues[i], Numbers.Finite(t.ValidationAccuracy),
            Numbers.Finite(t.TestAccuracy), t.Seed);
    }
}
