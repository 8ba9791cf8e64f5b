using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// The shape and per-model hyperparameters of one network, taken from a config and a dataset's widths: a dense
/// network (<see cref="Plan"/> null) or a layer list (<see cref="TrainConfig.Layers"/>, planned over the input shape).
/// </summary>
public sealed record NetworkSpec(ParameterLayout Layout, Activation Hidden, float LeakySlope, LossSpec Loss,
    float Dropout, float InputDropout, float L2, float L1, bool DecoupledL2, bool DecayBiases)
{
    /// <summary>The planned layer list of a convolutional network; null for a dense network.</summary>
    public LayerPlan? Plan { get; init; }

    /// <summary>Widths input..output: [inputs, ..config.Hidden, outputs] (config.Layers must be null).</summary>
    public static NetworkSpec From(TrainConfig c, int inputs, int outputs) => new(
        new ParameterLayout([inputs, .. c.Hidden, outputs]), c.Activation, (float)c.LeakySlope,
        new LossSpec(c.Loss, c.OutputActivation, (float)c.LeakySlope),
        (float)c.Dropout, (float)c.InputDropout, (float)c.L2, (float)c.L1,
        DecoupledL2: c.Optimizer == Optimizer.AdamW, c.DecayBiases);

    /// <summary>
    /// The network of <paramref name="c"/> on examples of <paramref name="shape"/> (null: plain vectors): the
    /// dense network of <see cref="TrainConfig.Hidden"/>, or, when <see cref="TrainConfig.Layers"/> is set, its
    /// planned layer list (ArgumentException naming the layer when it does not fit the input).
    /// </summary>
    public static NetworkSpec From(TrainConfig c, int inputs, int outputs, ImageShape? shape)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Layers is null) return From(c, inputs, outputs);
        var plan = LayerPlan.Build(c.Layers, shape, inputs, outputs);
        return new NetworkSpec(plan.Layout, c.Activation, (float)c.LeakySlope, new LossSpec(c.Loss, c.OutputActivation, (float)c.LeakySlope),
            (float)c.Dropout, (float)c.InputDropout, (float)c.L2, (float)c.L1, DecoupledL2: c.Optimizer == Optimizer.AdamW, c.DecayBiases)
        { Plan = plan };
    }

    /// <summary>The L2 lambda that enters the loss and gradient (0 with AdamW, which decays inside the optimizer).</summary>
    public float GradientL2 => DecoupledL2 ? 0f : L2;
    public int Inputs => Plan?.Inputs ?? Layout.Sizes[0];
    public int Outputs => Plan?.Outputs ?? Layout.Sizes[^1];

    /// <summary>A network of this shape with buffers for <paramref name="maxBatch"/> examples.</summary>
    public INetwork Create(IOps ops, int maxBatch) => Plan is null ? new Mlp(this, ops, maxBatch) : new ConvNet(this, ops, maxBatch);
}
