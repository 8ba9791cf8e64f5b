namespace Harness.Engine.Cuda;

/// <summary>
/// The four xoshiro256** state words of <see cref="Rng.Stream"/>(seed, stream), computed as Rng seeds itself
/// (SplitMix64), so cohort_epoch draws exactly the CPU member's data order and augmentation. <see cref="Next"/> is
/// the device's step in C#; a test holds both against <see cref="Rng"/>.
/// </summary>
internal static class ShuffleState
{
    /// <summary>Stream number of the CPU member's data order (CpuMember.ShuffleStream).</summary>
    public const int Stream = 2;

    /// <summary>State words per member on the device: the data order's stream, then augmentation's.</summary>
    public const int WordsPerMember = 8;

    /// <summary>
    /// The member's two streams as the device holds them: the data order (shuffle_seed, else seed; stream 2), then
    /// augmentation (seed; <see cref="Augmenter.Stream"/>).
    /// </summary>
    public static ulong[] Of(TrainConfig config) =>
        [.. Seeded(config.ShuffleSeed ?? config.Seed, Stream), .. Seeded(config.Seed, Augmenter.Stream)];

    /// <summary>The state Rng.Stream(seed, stream) starts from.</summary>
    public static ulong[] Seeded(int seed, int stream)
    {
        ulong x = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)stream << 32 | 0x5bd1e995UL));
        return [SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x)];
    }

    /// <summary>One xoshiro256** step on <paramref name="s"/> (four words), as xoshiro_next in cohort.cu.</summary>
    public static ulong Next(Span<ulong> s)
    {
        ulong result = ulong.RotateLeft(s[1] * 5, 7) * 9;
        ulong t = s[1] << 17;
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
        s[2] ^= t;
        s[3] = ulong.RotateLeft(s[3], 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
