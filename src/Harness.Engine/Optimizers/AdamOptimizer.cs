using System.Numerics;
using System.Runtime.InteropServices;

namespace Harness.Engine;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction, and AdamW (Loshchilov and Hutter 2019) when a decay
/// coefficient and decayed segments are given. PyTorch form, t counting steps from 1:
/// <code>
/// m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²
/// p = p·(1 − lr·λ  on decayed segments, 1 elsewhere) − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
/// </code>
/// The decay uses the parameter before this step's Adam update, as torch.optim.AdamW does.
/// </summary>
internal sealed class AdamOptimizer : IOptimizer
{
    private readonly int _count;
    private readonly float[] _m, _v;
    private readonly double _beta1, _beta2, _decay;
    private readonly float _b1, _c1, _b2, _c2, _eps;
    private readonly DecaySegment[] _segments;

    public AdamOptimizer(int count, double beta1, double beta2, double epsilon, double decay, DecaySegment[] segments)
    {
        _count = count;
        _m = new float[count];
        _v = new float[count];
        _beta1 = beta1;
        _beta2 = beta2;
        _decay = decay;
        _b1 = (float)beta1;
        _c1 = (float)(1 - beta1);
        _b2 = (float)beta2;
        _c2 = (float)(1 - beta2);
        _eps = (float)epsilon;
        _segments = segments;
    }

    public IReadOnlyList<float[]> Buffers => [_m, _v];
    public long Steps { get; set; }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        Optimizers.CheckSpans(_count, parameters.Length, gradients.Length);
        long t = ++Steps;
        // Per-step scalars in double, rounded once.
        float stepSize = (float)(learningRate / (1 - Math.Pow(_beta1, t)));
        float invSqrtBc2 = (float)(1 / Math.Sqrt(1 - Math.Pow(_beta2, t)));
        float decayFactor = (float)(1 - learningRate * _decay);
        foreach (var s in _segments)
        {
            Update(parameters.Slice(s.Start, s.Length), gradients.Slice(s.Start, s.Length),
                _m.AsSpan(s.Start, s.Length), _v.AsSpan(s.Start, s.Length),
                stepSize, invSqrtBc2, s.Decayed ? decayFactor : 1f);
        }
    }

    // p, g, m, v: (n), one segment. Each element's arithmetic is the same in the vector body and the scalar
    // tail, so results do not depend on the vector width or on where segments start.
    private void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float stepSize, float invSqrtBc2, float decayFactor)
    {
        float b1 = _b1, c1 = _c1, b2 = _b2, c2 = _c2, eps = _eps;
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        Vector<float> b1V = new(b1), c1V = new(c1), b2V = new(b2), c2V = new(c2), epsV = new(eps),
            stepV = new(stepSize), bcV = new(invSqrtBc2), decayV = new(decayFactor);
        for (int k = 0; k < pv.Length; k++)
        {
            var gk = gv[k];
            var mk = b1V * mv[k] + c1V * gk;
            var vk = b2V * vv[k] + c2V * (gk * gk);
            mv[k] = mk;
            vv[k] = vk;
            pv[k] = pv[k] * decayV - stepV * mk / (Vector.SquareRoot(vk) * bcV + epsV);
        }
        for (int i = pv.Length * Vector<float>.Count; i < p.Length; i++)
        {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] * decayFactor - stepSize * mi / (MathF.Sqrt(vi) * invSqrtBc2 + eps);
        }
    }
}
