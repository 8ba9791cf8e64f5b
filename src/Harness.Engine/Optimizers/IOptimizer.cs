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
}
