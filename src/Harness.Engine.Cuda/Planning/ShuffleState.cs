namespace Harness.Engine.Cuda;

/// <summary>
/// The four xoshiro256** state words of <see cref="Rng.Stream"/>(seed, stream) (<see cref="Rng.State"/>), so
/// cohort_epoch draws exactly the CPU member's data order and augmentation. <see cref="Next"/> is
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
    public static ulong[] Seeded(int seed, int stream) => Rng.Stream(seed, stream).State();

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
}
