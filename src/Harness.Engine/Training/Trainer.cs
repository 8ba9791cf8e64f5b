using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// Trains one configuration: a cohort of one on the given engine (the CPU reference engine when none is
/// given), driven by <see cref="CohortTrainer"/>. See <see cref="CpuMember"/> for what one epoch does and how
/// the reported losses are defined. Deterministic: same seed and config give bit-identical weights and history
/// for any thread count.
/// </summary>
public static class Trainer
{
    public static TrainResult Train(TrainConfig config, DataSplits data, TrainOptions? options = null, IEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new TrainOptions();
        using var owned = engine is null ? new CpuEngine() : null;
        var e = engine ?? owned!;
        using var held = e.Load(data);
        using var cohort = e.CreateCohort(held, [config]);
        var hooks = new CohortHooks
        {
            OnEpoch = options.OnEpoch is { } onEpoch ? (_, row) => onEpoch(row) : null,
            Log = options.Log is { } log ? (_, line) => log(line) : null,
        };
        return CohortTrainer.Train(cohort, [config], hooks, options.CancellationToken)[0];
    }
}
