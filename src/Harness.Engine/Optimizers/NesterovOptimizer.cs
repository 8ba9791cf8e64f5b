using System.Numerics;
using System.Runtime.InteropServices;

namespace Harness.Engine;

/// <summary>
/// Nesterov accelerated gradient in the Sutskever et al. (2013) form, rewritten (Bengio et al. 2012) so the
/// gradient is taken at the stored parameters, which are the look-ahead point:
/// v = μ·v − lr·g;  p += μ·v − lr·g  (v the updated velocity).
/// With a constant learning rate this produces the same iterates as PyTorch's SGD(nesterov=True)
/// (b = μ·b + g; p −= lr·(g + μ·b)), with v = −lr·b.
/// </summary>
internal sealed class NesterovOptimizer(int count, double momentum) : IOptimizer
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
            var step = lrV * gv[k];
            var v = muV * vv[k] - step;
            vv[k] = v;
            pv[k] += muV * v - step;
        }
        for (int i = pv.Length * Vector<float>.Count; i < parameters.Length; i++)
        {
            float step = lr * gradients[i];
            float v = mu * velocity[i] - step;
            velocity[i] = v;
            parameters[i] += mu * v - step;
        }
    }
}
