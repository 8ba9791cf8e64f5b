namespace Harness.Engine;

/// <summary>The shape and per-model hyperparameters of one MLP, taken from a config and a dataset's widths.</summary>
public sealed record NetworkSpec(ParameterLayout Layout, Activation Hidden, float LeakySlope, LossSpec Loss,
    float Dropout, float InputDropout, float L2, float L1, bool DecoupledL2, bool DecayBiases)
{
    /// <summary>Widths input..output: [inputs, ..config.Hidden, outputs].</summary>
    public static NetworkSpec From(TrainConfig c, int inputs, int outputs) => new(
        new ParameterLayout([inputs, .. c.Hidden, outputs]), c.Activation, (float)c.LeakySlope,
        new LossSpec(c.Loss, c.OutputActivation, (float)c.LeakySlope),
        (float)c.Dropout, (float)c.InputDropout, (float)c.L2, (float)c.L1,
        DecoupledL2: c.Optimizer == Optimizer.AdamW, c.DecayBiases);

    /// <summary>The L2 lambda that enters the loss and gradient (0 with AdamW, which decays inside the optimizer).</summary>
    public float GradientL2 => DecoupledL2 ? 0f : L2;
    public int Inputs => Layout.Sizes[0];
    public int Outputs => Layout.Sizes[^1];
}
