namespace Harness.Engine;

/// <summary>
/// Updates one flat parameter buffer in place from its gradient. An optimizer is made for one buffer
/// (<see cref="Optimizers.Create"/>) and owns whatever per-parameter state it needs, allocated once;
/// <see cref="Step"/> allocates nothing. Not thread-safe: one optimizer per model.
/// </summary>
public interface IOptimizer
{
    /// <summary>
    /// One update. <paramref name="parameters"/> and <paramref name="gradients"/> cover the whole flat buffer
    /// (same length as given to <see cref="Optimizers.Create"/>); gradients are read, never written.
    /// </summary>
    /// <param name="learningRate">This step's learning rate (the schedule already applied).</param>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate);

    /// <summary>
    /// The per-parameter state carried from one step to the next (velocities, moment estimates; none for SGD),
    /// as the live buffers: a checkpoint copies them out, and a resumed model copies them back in place.
    /// </summary>
    IReadOnlyList<float[]> Buffers { get; }

    /// <summary>Steps taken so far (Adam's bias correction depends on it); a resumed model sets it back.</summary>
    long Steps { get; set; }
}
