using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Harness.Engine;

/// <summary>
/// Elementwise activations and their derivatives (forward and backward side by side). The loops TensorPrimitives
/// has no operation for run 16 floats at a time: each lane does the scalar tail's operations in the same order, so
/// the results do not depend on where a vector starts.
/// </summary>
internal static class ActivationMath
{
    /// <summary>z: (N) -> a: (N) = f(z). Overwrites a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Activation f, float slope, ReadOnlySpan<float> z, Span<float> a)
    {
        a = a[..z.Length];
        switch (f)
        {
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(z, a); break;
            case Activation.Tanh: TensorPrimitives.Tanh(z, a); break;
            case Activation.Relu: TensorPrimitives.Max(z, 0f, a); break;
            case Activation.LeakyRelu: LeakyRelu(z, z, slope, a); break;
            case Activation.Identity: z.CopyTo(a); break;
            default: throw new NotSupportedException($"activation '{f}' has no gradient; it is for the perceptron only");
        }
    }

    /// <summary>z, a = f(z), da: (N) -> dz: (N) = da ⊙ f'(z). Overwrites dz (may alias da).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Activation f, float slope, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> da, Span<float> dz)
    {
        switch (f)
        {
            case Activation.Sigmoid: // f' = a(1 - a)
                SquashBackward(a, da, dz, tanh: false);
                break;
            case Activation.Tanh: // f' = 1 - a²
                SquashBackward(a, da, dz, tanh: true);
                break;
            case Activation.Relu: // f' = [z > 0]
                LeakyRelu(z, da, 0f, dz, zeroBelow: true);
                break;
            case Activation.LeakyRelu: // f' = 1 if z > 0 else slope
                LeakyRelu(z, da, slope, dz);
                break;
            case Activation.Identity:
                if (!da.Overlaps(dz))
                    da.CopyTo(dz);
                break;
            default: throw new NotSupportedException($"activation '{f}' has no gradient; it is for the perceptron only");
        }
    }

    // out[i] = z[i] > 0 ? v[i] : slope·v[i] (zeroBelow: 0 instead, which keeps a NaN or infinite v out). v may alias out.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LeakyRelu(ReadOnlySpan<float> z, ReadOnlySpan<float> v, float slope, Span<float> output, bool zeroBelow = false)
    {
        int n = v.Length, i = 0;
        z = z[..n]; output = output[..n]; // throws when shorter, so the unchecked loads below stay inside
        ref float zr = ref MemoryMarshal.GetReference(z), vr = ref MemoryMarshal.GetReference(v), or = ref MemoryMarshal.GetReference(output);
        var s = Vector512.Create(slope);
        for (; i + 16 <= n; i += 16)
        {
            var zv = Vector512.LoadUnsafe(ref zr, (nuint)i);
            var vv = Vector512.LoadUnsafe(ref vr, (nuint)i);
            var below = zeroBelow ? Vector512<float>.Zero : s * vv;
            Vector512.ConditionalSelect(Vector512.GreaterThan(zv, Vector512<float>.Zero), vv, below).StoreUnsafe(ref or, (nuint)i);
        }
        for (; i < n; i++) output[i] = z[i] > 0 ? v[i] : zeroBelow ? 0f : slope * v[i];
    }

    // dz = da ⊙ f'(z) from a = f(z): sigmoid's a(1 - a), or tanh's 1 - a², in the scalar definitions' order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SquashBackward(ReadOnlySpan<float> a, ReadOnlySpan<float> da, Span<float> dz, bool tanh)
    {
        int n = da.Length, i = 0;
        a = a[..n]; dz = dz[..n];
        ref float ar = ref MemoryMarshal.GetReference(a), dr = ref MemoryMarshal.GetReference(da), or = ref MemoryMarshal.GetReference(dz);
        for (; i + 16 <= n; i += 16)
        {
            var av = Vector512.LoadUnsafe(ref ar, (nuint)i);
            var dv = Vector512.LoadUnsafe(ref dr, (nuint)i);
            (tanh ? dv * (Vector512<float>.One - av * av) : dv * av * (Vector512<float>.One - av)).StoreUnsafe(ref or, (nuint)i);
        }
        for (; i < n; i++) dz[i] = tanh ? da[i] * (1f - a[i] * a[i]) : da[i] * a[i] * (1f - a[i]);
    }
}
