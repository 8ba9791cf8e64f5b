namespace Harness.Cuda.Diagnostics;

/// <summary>
/// The host twin of Kernels/philox.cuh: Philox4x32-10 as in Random123, and the same (seed, stream, counter) mapping and
/// float conversion, so device output can be checked bit for bit.
/// </summary>
public static class PhiloxReference
{
    /// <summary>Ten Philox rounds of counter <paramref name="c"/> under key (k0, k1).</summary>
    public static (uint X, uint Y, uint Z, uint W) Philox4x32_10((uint X, uint Y, uint Z, uint W) c, uint k0, uint k1)
    {
        for (var round = 0; round < 10; round++)
        {
            ulong p0 = 0xD2511F53UL * c.X, p1 = 0xCD9E8D57UL * c.Z;
            c = ((uint)(p1 >> 32) ^ c.Y ^ k0, (uint)p1, (uint)(p0 >> 32) ^ c.W ^ k1, (uint)p0);
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        return c;
    }

    /// <summary>Four words for (seed, stream, counter): key = seed, counter words = (counter lo, hi, stream lo, hi).</summary>
    public static (uint X, uint Y, uint Z, uint W) Block(ulong seed, ulong stream, ulong counter) =>
        Philox4x32_10(((uint)counter, (uint)(counter >> 32), (uint)stream, (uint)(stream >> 32)), (uint)seed, (uint)(seed >> 32));

    /// <summary>A word's top 24 bits as a float in [0, 1).</summary>
    public static float ToUniform(uint u) => (u >> 8) * (1.0f / 16777216.0f);

    /// <summary>What the philox_uniform kernel writes: element i is word i % 4 of Block(seed, stream, i / 4).</summary>
    public static float[] Uniforms(int n, ulong seed, ulong stream)
    {
        var result = new float[n];
        for (var i = 0; i < n; i++)
        {
            var r = Block(seed, stream, (ulong)(i / 4));
            result[i] = ToUniform((i % 4) switch { 0 => r.X, 1 => r.Y, 2 => r.Z, _ => r.W });
        }
        return result;
    }
}
