using System.Numerics;
using System.Runtime.InteropServices;

namespace Harness.Engine;

/// <summary>Plain gradient descent: p -= lr·g. Stateless.</summary>
internal sealed class SgdOptimizer(int count) : IOptimizer
{
    public IReadOnlyList<float[]> Buffers => [];
    public long Steps { get; set; }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        Optimizers.CheckSpans(count, parameters.Length, gradients.Length);
        Steps++;
        float lr = (float)learningRate;

        // p, g: (N). Whole vectors first, then the scalar tail with the same operations in the same order,
        // so each element's result does not depend on the vector width.
        var pv = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var lrv = new Vector<float>(lr);
        for (int k = 0; k < pv.Length; k++) pv[k] -= lrv * gv[k];
        for (int i = pv.Length * Vector<float>.Count; i < parameters.Length; i++) parameters[i] -= lr * gradients[i];
    }
}
