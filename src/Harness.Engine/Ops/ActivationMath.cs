using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Harness.Engine;

/// <summary>Elementwise activations and their derivatives (forward and backward side by side).</summary>
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
            case Activation.LeakyRelu:
                for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0 ? z[i] : slope * z[i];
                break;
            case Activation.Identity: z.CopyTo(a); break;
            default: throw new NotSupportedException($"activation '{f}' has no gradient; it is for the perceptron only");
        }
    }

    /// <summary>z, a = f(z), da: (N) -> dz: (N) = da ⊙ f'(z). Overwrites dz (may alias da).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Activation f, float slope, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> da, Span<float> dz)
    {
        int n = da.Length;
        switch (f)
        {
            case Activation.Sigmoid: // f' = a(1 - a)
                for (int i = 0; i < n; i++) dz[i] = da[i] * a[i] * (1f - a[i]);
                break;
            case Activation.Tanh: // f' = 1 - a²
                for (int i = 0; i < n; i++) dz[i] = da[i] * (1f - a[i] * a[i]);
                break;
            case Activation.Relu: // f' = [z > 0]
                for (int i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : 0f;
                break;
            case Activation.LeakyRelu: // f' = 1 if z > 0 else slope
                for (int i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : slope * da[i];
                break;
            case Activation.Identity:
                if (!da.Overlaps(dz))
                    da.CopyTo(dz);
                break;
            default: throw new NotSupportedException($"activation '{f}' has no gradient; it is for the perceptron only");
        }
    }
}
