using System.Numerics;
using System.Runtime.InteropServices;

namespace Harness.Engine;

/// <summary>
/// Classical (heavy-ball) momentum with the learning rate inside the velocity: v = μ·v − lr·g; p += v.
/// Velocity starts at zero.
/// </summary>
internal sealed class MomentumOptimizer(int count, double momentum) : IOptimizer
{
    private readonly float[] _velocity = new float[count];
    private readonly float _mu = (float)momentum;

    public IReadOnlyList<float[]> Buffers => [_velocity];
    public long Steps { get; set; }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        Optimizers.CheckSpans(count, parameters.Length, gradients.Length);
        Steps++;
        float lr = (float)learningRate, mu = _mu;
        Span<float> velocity = _velocity;

        // p, g, v: (N)
        var pv = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(velocity);
        Vector<float> muV = new(mu), lrV = new(lr);
        for (int k = 0; k < pv.Length; k++)
        {
            var v = muV * vv[k] - lrV * gv[k];
            vv[k] = v;
            pv[k] += v;
        }
        for (int i = pv.Length * Vector<float>.Count; i < parameters.Length; i++)
        {
            float v = mu * velocity[i] - lr * gradients[i];
            velocity[i] = v;
            parameters[i] += v;
        }
    }
}
