using System.Numerics;
using System.Runtime.InteropServices;

namespace Harness.Engine;

/// <summary>
/// RMSProp (Tieleman and Hinton 2012), PyTorch form: s = ρ·s + (1−ρ)·g²; p −= lr·g / (√s + ε). s starts at zero.
/// </summary>
internal sealed class RmsPropOptimizer(int count, double rho, double epsilon) : IOptimizer
{
    private readonly float[] _meanSquares = new float[count];
    private readonly float _rho = (float)rho, _oneMinusRho = (float)(1 - rho), _eps = (float)epsilon;

    public IReadOnlyList<float[]> Buffers => [_meanSquares];
    public long Steps { get; set; }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        Optimizers.CheckSpans(count, parameters.Length, gradients.Length);
        Steps++;
        float lr = (float)learningRate, rho = _rho, c = _oneMinusRho, eps = _eps;
        Span<float> ms = _meanSquares;

        // p, g, s: (N)
        var pv = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var sv = MemoryMarshal.Cast<float, Vector<float>>(ms);
        Vector<float> lrV = new(lr), rhoV = new(rho), cV = new(c), epsV = new(eps);
        for (int k = 0; k < pv.Length; k++)
        {
            var g = gv[k];
            var s = rhoV * sv[k] + cV * (g * g);
            sv[k] = s;
            pv[k] -= lrV * g / (Vector.SquareRoot(s) + epsV);
        }
        for (int i = pv.Length * Vector<float>.Count; i < parameters.Length; i++)
        {
            float g = gradients[i];
            float s = rho * ms[i] + c * (g * g);
            ms[i] = s;
            parameters[i] -= lr * g / (MathF.Sqrt(s) + eps);
        }
    }
}
