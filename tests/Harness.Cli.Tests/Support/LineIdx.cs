using System.Buffers.Binary;

namespace Harness.Cli.Tests;

/// <summary>
/// Writes an IDX folder (train and t10k images and labels) of 8x8 images of one line each, class 0 horizontal,
/// 1 vertical, 2 diagonal, at a random place: image data a small CNN learns in a few epochs.
/// </summary>
internal static class LineIdx
{
    public static void Write(string dir, int train, int test, int seed)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        WriteSet(dir, "train", train, rng);
        WriteSet(dir, "t10k", test, rng);
    }

    private static void WriteSet(string dir, string prefix, int count, Random rng)
    {
        var pixels = new byte[count * 64];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = rng.Next(3), at = 1 + rng.Next(6), from = rng.Next(3);
            labels[i] = (byte)label;
            for (int k = 0; k < 64; k++) pixels[i * 64 + k] = (byte)rng.Next(40);
            for (int t = from; t < from + 5; t++)
            {
                var (r, c) = label switch { 0 => (at, t), 1 => (t, at), _ => (t, Math.Min(7, t + at / 2)) };
                pixels[i * 64 + r * 8 + c] = 255;
            }
        }
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), Idx(0x803, [count, 8, 8], pixels));
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), Idx(0x801, [count], labels));
    }

    private static byte[] Idx(int magic, int[] sizes, byte[] data)
    {
        var b = new byte[4 + 4 * sizes.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, magic);
        for (int i = 0; i < sizes.Length; i++) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + 4 * i), sizes[i]);
        data.CopyTo(b, 4 + 4 * sizes.Length);
        return b;
    }
}
