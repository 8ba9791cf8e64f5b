namespace Harness.Engine;

/// <summary>
/// Small deterministic generator (SplitMix64 seeding + xoshiro256**). Same seed = same stream on every
/// machine and thread count; the engine never uses <see cref="Random"/>. Independent streams (init,
/// shuffle, dropout) come from <see cref="Stream"/> so changing one knob does not shift another's draws.
/// </summary>
public struct Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>A generator for a named purpose derived from a seed (e.g. stream 1 = init, 2 = shuffle).</summary>
    public static Rng Stream(int seed, int stream) => new(unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)stream << 32 | 0x5bd1e995UL)));

    /// <summary>The four xoshiro256** state words, for a device that continues this stream (the CUDA engine).</summary>
    public readonly ulong[] State() => [_s0, _s1, _s2, _s3];

    /// <summary>The generator that continues from <see cref="State"/>'s four words (a resumed model's streams).</summary>
    public static Rng FromState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4) throw new ArgumentException($"an Rng state is 4 words, not {state.Length}", nameof(state));
        var rng = default(Rng);
        (rng._s0, rng._s1, rng._s2, rng._s3) = (state[0], state[1], state[2], state[3]);
        return rng;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits (dropout masks).</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift; bias below 2^-32 for the sizes used here).</summary>
    public int NextInt(int n) => (int)((NextUInt64() >> 32) * (ulong)(uint)n >> 32);

    /// <summary>Standard normal draw (Box-Muller, one value per call).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
