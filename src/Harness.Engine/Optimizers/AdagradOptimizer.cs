using System.Numerics;
using System.Runtime.InteropServices;

namespace Harness.Engine;

/// <summary>
/// Adagrad (Duchi et al. 2011), PyTorch form: G += g²; p −= lr·g / (√G + ε). G starts at zero.
/// </summary>
internal sealed class AdagradOptimizer(int count, double epsilon) : IOptimizer
{
    private readonly float[] _sumSquares = new float[count];
    private readonly float _eps = (float)epsilon;

    public IReadOnlyList<float[]> Buffers => [_sumSquares];
    public long Steps { get; set; }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        Optimizers.CheckSpans(count, parameters.Length, gradients.Length);
        Steps++;
        float lr = (float)learningRate, eps = _eps;
        Span<float> sums = _sumSquares;

        // p, g, G: (N)
        var pv = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var sv = MemoryMarshal.Cast<float, Vector<float>>(sums);
        Vector<float> lrV = new(lr), epsV = new(eps);
        for (int k = 0; k < pv.Length; k++)
        {
            var g = gv[k];
            var s = sv[k] + g * g;
            sv[k] = s;
            pv[k] -= lrV * g / (Vector.SquareRoot(s) + epsV);
        }
        for (int i = pv.Length * Vector<float>.Count; i < parameters.Length; i++)
        {
            float g = gradients[i];
            float s = sums[i] + g * g;
            sums[i] = s;
            parameters[i] -= lr * g / (MathF.Sqrt(s) + eps);
        }
    }
}
