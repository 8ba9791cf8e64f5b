using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// A training engine: the CPU reference (<see cref="CpuEngine"/>) or an accelerator. It holds datasets
/// (<see cref="Load"/>, once per sweep) and trains cohorts of models of one architecture on them
/// (<see cref="CreateCohort"/>). Everything per step (batch gathering, shuffles, dropout masks, forward,
/// backward, optimizer, finite-loss checks, accuracies) happens inside the engine; only per-epoch metrics and
/// finished models cross to the caller.
/// </summary>
public interface IEngine : IDisposable
{
    /// <summary>Short name stored with each trial: <c>cpu</c>, <c>cuda</c>.</summary>
    string Name { get; }
    /// <summary>The device in words (stored with each trial and printed at start).</summary>
    string Device { get; }
    /// <summary>How many members a cohort should have when the user does not say (1 on the CPU).</summary>
    int PreferredCohortSize { get; }
    /// <summary>
    /// How many cohorts a sweep should train at once when the user does not say (<c>--parallel</c>): 1 on the CPU,
    /// where one cohort already uses every core; more on a device that one small cohort leaves mostly idle.
    /// </summary>
    int PreferredParallel => 1;
    /// <summary>
    /// True when its cohorts are <see cref="ICheckpointCohort"/>s (the CPU engine's): a trial interrupted mid-way goes
    /// on from its last checkpoint. Elsewhere an interrupted trial starts again from its first epoch.
    /// </summary>
    bool Resumes => false;

    /// <summary>Makes a dataset resident in the engine. The caller disposes it after its last cohort.</summary>
    IEngineData Load(DataSplits data);

    /// <summary>
    /// A cohort of <paramref name="members"/>.Count models, one per config, on <paramref name="data"/> (from this
    /// engine's <see cref="Load"/>). The configs must share a <see cref="CohortKey"/>; a member's results are
    /// exactly those it gets alone. Throws <see cref="ArgumentException"/> for an invalid or incompatible config.
    /// </summary>
    ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members);
}
