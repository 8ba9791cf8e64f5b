namespace Harness.Sweeps;

/// <summary>
/// Proposes configurations. The runner calls <see cref="Plan"/> with snapshots of the experiment's trials,
/// runs what is new, and calls again until a call adds no key it has not seen. Grid and random search return
/// their whole plan every time (same keys, so a resume re-plans identically); adaptive samplers (successive
/// halving, TPE) return the configurations so far plus new ones informed by the finished trials.
/// </summary>
public interface ISampler
{
    /// <summary>Every configuration planned so far, in sampler order (position = configuration number).</summary>
    IReadOnlyList<SampledConfig> Plan(IReadOnlyList<TrialSnapshot> trials);
}
