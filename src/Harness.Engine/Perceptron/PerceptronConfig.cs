namespace Harness.Engine;

/// <summary>Settings of the Rosenblatt perceptron learning rule (<see cref="PerceptronTrainer"/>).</summary>
/// <param name="LearningRate">η in w += η·(y − ŷ)·x; must be finite and &gt; 0.</param>
/// <param name="MaxEpochs">Passes over the training set at most; training stops earlier after an epoch with no mistakes.</param>
/// <param name="Seed">Seeds the per-epoch shuffle of the example order.</param>
/// <param name="UseSign">Targets and outputs in {−1, +1} with ŷ = sign(z) instead of {0, 1} with ŷ = step(z).</param>
public sealed record PerceptronConfig(double LearningRate = 1, int MaxEpochs = 100, int Seed = 1, bool UseSign = false)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the offending field.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
            throw new ArgumentException($"learning_rate: {LearningRate} is not allowed; it must be a finite value > 0");
        if (MaxEpochs < 1)
            throw new ArgumentException($"max_epochs: {MaxEpochs} is not allowed; it must be >= 1");
    }
}
