using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harness.Data.Idx;

/// <summary>
/// Pixel bytes to features in [0, 1]: each byte p becomes exactly p / 255f (an IEEE division rounds the same in a
/// vector lane as in a scalar). MNIST's 55 million pixels are converted in chunks on all cores, so the fresh array's
/// pages are first touched in parallel too; a load spends most of its time here otherwise.
/// </summary>
internal static class PixelScaling
{
    private const int Chunk = 1 << 20;

    public static float[] ToUnitFloats(ReadOnlyMemory<byte> pixels)
    {
        var x = GC.AllocateUninitializedArray<float>(pixels.Length);
        int chunks = (pixels.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, c =>
        {
            int start = c * Chunk, count = Math.Min(Chunk, pixels.Length - start);
            Scale(pixels.Span.Slice(start, count), x.AsSpan(start, count));
        });
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call per chunk: no time to tier up
    private static void Scale(ReadOnlySpan<byte> from, Span<float> to)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var divisor = Vector256.Create(255f);
            for (; i <= from.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(from.Slice(i, Vector256<byte>.Count)));
                Store(lo, to.Slice(i), divisor);
                Store(hi, to.Slice(i + Vector256<ushort>.Count), divisor);
            }
        }
        for (; i < from.Length; i++) to[i] = from[i] / 255f;
    }

    // 16 pixels (widened to ushort) as 16 quotients
    private static void Store(Vector256<ushort> pixels, Span<float> to, Vector256<float> divisor)
    {
        var (lo, hi) = Vector256.Widen(pixels);
        (Vector256.ConvertToSingle(lo.AsInt32()) / divisor).CopyTo(to);
        (Vector256.ConvertToSingle(hi.AsInt32()) / divisor).CopyTo(to.Slice(Vector256<float>.Count));
    }
}
