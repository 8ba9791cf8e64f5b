using System.Globalization;
using Harness.Store;

namespace Harness.Sweeps.Tests.Samplers.Tpe;

/// <summary>Runs a sampler against a pure function of the knobs (no training): each new configuration is scored at once.</summary>
internal static class TpeDriver
{
    /// <summary>The best (largest) value after <paramref name="trials"/> configurations; <paramref name="score"/> maps knob values to a value to maximise.</summary>
    public static double Best(ISampler sampler, int trials, Func<IReadOnlyDictionary<string, double>, double> score)
    {
        var snapshots = new List<TrialSnapshot>();
        while (snapshots.Count < trials)
        {
            var plan = sampler.Plan(snapshots);
            if (plan.Count == snapshots.Count) break;
            foreach (var config in plan.Skip(snapshots.Count)) snapshots.Add(Finished(snapshots.Count, config, score(Values(config))));
        }
        return snapshots.Take(trials).Max(s => s.ValidationAccuracy!.Value);
    }

    /// <summary>A complete trial of <paramref name="config"/> (one repeat) with validation accuracy <paramref name="value"/>.</summary>
    public static TrialSnapshot Finished(int number, SampledConfig config, double? value, TrialState state = TrialState.Complete, int epochs = 1) =>
        new(number, Keys.WithRepeat(config.Key, 0), 0, config.Params.ToDictionary(p => p.Key, p => TrialPlanner.ParamText(p.Value)),
            state, epochs, value, null);

    public static Dictionary<string, double> Values(SampledConfig config) =>
        config.Params.Where(p => p.Value.Length > 0 && p.Value[0] is not '"' and not '[')
            .ToDictionary(p => p.Key, p => double.Parse(p.Value, CultureInfo.InvariantCulture));

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }
}
