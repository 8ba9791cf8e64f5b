using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Harness.Engine;

/// <summary>
/// Output nonlinearity and losses, each loss's value and gradient written together. Per-example losses:
/// <list type="bullet">
/// <item>Quadratic: ½‖a − t‖² (Nielsen's cost).</item>
/// <item>Absolute: Σ_k |a_k − t_k| (gradient sign(a − t), 0 at equality).</item>
/// <item>SoftmaxCrossEntropy: −Σ_k t_k log softmax(z)_k, computed from z with log-sum-exp.</item>
/// <item>SigmoidCrossEntropy: Σ_k [max(z,0) − z·t + log(1 + e^−|z|)] (binary cross-entropy per unit, multi-label).</item>
/// <item>Hinge: Crammer-Singer multiclass hinge max(0, 1 + max_{j≠y} a_j − a_y), y = argmax t.</item>
/// </list>
/// Quadratic, Absolute and Hinge act on a = f(z) for the configured output activation f, and chain through f'.
/// </summary>
internal static class LossMath
{
    /// <summary>z: (B, K) -> a: (B, K). Overwrites a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputForward(LossSpec spec, ReadOnlySpan<float> z, Span<float> a, int batch, int classes)
    {
        int n = batch * classes;
        switch (spec.Loss)
        {
            case Engine.Loss.SoftmaxCrossEntropy:
                for (int b = 0; b < batch; b++) Softmax(z.Slice(b * classes, classes), a.Slice(b * classes, classes));
                break;
            case Engine.Loss.SigmoidCrossEntropy: TensorPrimitives.Sigmoid(z[..n], a[..n]); break;
            default: ActivationMath.Forward(spec.OutputActivation, spec.LeakySlope, z[..n], a[..n]); break;
        }
    }

    /// <summary>z: (K) -> a: (K) = e^(z − max z) / Σ e^(z − max z); max-shifted so large logits cannot overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Softmax(ReadOnlySpan<float> z, Span<float> a)
    {
        float max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, a);
        TensorPrimitives.Exp(a, a);
        TensorPrimitives.Divide(a, TensorPrimitives.Sum(a), a);
    }

    /// <summary>
    /// z, a, t: (B, K) -> Σ_B loss. If dz is not empty: dz: (B, K) = scale·∂(Σ loss)/∂z (overwrites).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Loss(LossSpec spec, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> t, Span<float> dz, int batch, int classes, float scale)
    {
        bool grad = !dz.IsEmpty;
        int n = batch * classes;
        double total = 0;
        switch (spec.Loss)
        {
            case Engine.Loss.Quadratic:
                for (int i = 0; i < n; i++)
                {
                    float d = a[i] - t[i];
                    total += 0.5 * d * d;
                    if (grad) dz[i] = scale * d;
                }
                break;
            case Engine.Loss.Absolute:
                for (int i = 0; i < n; i++)
                {
                    float d = a[i] - t[i];
                    total += Math.Abs(d);
                    if (grad) dz[i] = d > 0 ? scale : d < 0 ? -scale : 0f;
                }
                break;
            case Engine.Loss.SoftmaxCrossEntropy:
                for (int b = 0; b < batch; b++)
                {
                    var zr = z.Slice(b * classes, classes);
                    var tr = t.Slice(b * classes, classes);
                    double max = TensorPrimitives.Max(zr), sumExp = 0, tSum = 0, tz = 0;
                    for (int k = 0; k < classes; k++) { sumExp += Math.Exp(zr[k] - max); tSum += tr[k]; tz += (double)tr[k] * zr[k]; }
                    total += (max + Math.Log(sumExp)) * tSum - tz;
                    if (grad)
                        for (int k = 0; k < classes; k++) dz[b * classes + k] = scale * (float)(a[b * classes + k] * tSum - tr[k]);
                }
                break;
            case Engine.Loss.SigmoidCrossEntropy:
                for (int i = 0; i < n; i++)
                {
                    double zi = z[i];
                    total += Math.Max(zi, 0) - zi * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
                    if (grad) dz[i] = scale * (a[i] - t[i]);
                }
                return total; // folded output: dz already w.r.t. z
            case Engine.Loss.Hinge:
                if (grad) dz[..n].Clear();
                for (int b = 0; b < batch; b++)
                {
                    var ar = a.Slice(b * classes, classes);
                    int y = TensorPrimitives.IndexOfMax(t.Slice(b * classes, classes));
                    int rival = -1;
                    for (int k = 0; k < classes; k++)
                        if (k != y && (rival < 0 || ar[k] > ar[rival])) rival = k;
                    if (rival < 0) continue; // one class: nothing to separate
                    double margin = 1.0 + ar[rival] - ar[y];
                    if (margin > 0)
                    {
                        total += margin;
                        if (grad) { dz[b * classes + rival] = scale; dz[b * classes + y] = -scale; }
                    }
                }
                break;
            default: throw new ArgumentOutOfRangeException(nameof(spec), spec.Loss, "unknown loss");
        }
        if (grad && !spec.FoldsOutput)
            ActivationMath.Backward(spec.OutputActivation, spec.LeakySlope, z[..n], a[..n], dz[..n], dz[..n]);
        return total;
    }
}
