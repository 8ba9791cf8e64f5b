using Harness.Data;

namespace Harness.Engine.Tests.Support;

/// <summary>A small random network and batch for gradient checks: loss = mean batch loss + penalty, with fixed dropout masks.</summary>
public sealed class TinyNet
{
    private readonly INetwork _mlp;
    private readonly IReadOnlyList<Range> _decayed;
    private readonly float[] _x, _t;
    private readonly int _batch;

    /// <param name="shape">Image shape of an example for a layer-list config (<see cref="TrainConfig.Layers"/>); its size must be <paramref name="inputs"/>.</param>
    public TinyNet(TrainConfig config, int inputs, int outputs, int batch, int seed, IOps? ops = null, ImageShape? shape = null)
    {
        Spec = NetworkSpec.From(config, inputs, outputs, shape);
        _batch = batch;
        _mlp = Spec.Create(ops ?? new CpuOps(1), batch);
        _decayed = Spec.Layout.Decayed(config.DecayBiases);
        var rng = new Rng((ulong)seed);
        Parameters = new float[Spec.Layout.Count];
        // Weights ~ N(0, 1) keep pre-activations away from 0 mostly, so kinks are rare but present.
        for (int i = 0; i < Parameters.Length; i++) Parameters[i] = (float)rng.NextGaussian();
        _x = new float[batch * inputs];
        for (int i = 0; i < _x.Length; i++) _x[i] = (float)rng.NextGaussian();
        _t = new float[batch * outputs];
        for (int b = 0; b < batch; b++)
        {
            if (config.Loss == Engine.Loss.SigmoidCrossEntropy)
                for (int k = 0; k < outputs; k++) _t[b * outputs + k] = rng.NextDouble() < 0.5 ? 1f : 0f;
            else _t[b * outputs + rng.NextInt(outputs)] = 1f;
        }
        _mlp.DrawMasks(ref rng, batch);
    }

    public NetworkSpec Spec { get; }
    public float[] Parameters { get; }

    public double Loss(float[] p)
    {
        _mlp.Forward(p, _x, _batch, train: true);
        return _mlp.Loss(_t, _batch) / _batch + _mlp.Penalty(p, _decayed);
    }

    public float[] Gradient(float[] p)
    {
        var g = new float[p.Length];
        _mlp.Forward(p, _x, _batch, train: true);
        _mlp.Backward(p, _x, _t, _batch, train: true, g);
        _mlp.AddRegularization(p, g, _decayed);
        return g;
    }
}
