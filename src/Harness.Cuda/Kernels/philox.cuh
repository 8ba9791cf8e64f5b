// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), as Random123's philox4x32_10.
// Counter-based: the same (seed, stream, counter) gives the same four 32-bit words on any thread, in any order,
// so shuffles, initial weights and dropout masks need no stored generator state. Host twin: PhiloxReference.cs.
#pragma once

struct philox_u32x4 { unsigned int x, y, z, w; };

// a, b -> low 32 bits of a*b; *hi gets the high 32 bits
__device__ __forceinline__ unsigned int philox_mulhilo(unsigned int a, unsigned int b, unsigned int* hi) {
    unsigned long long p = (unsigned long long)a * b;
    *hi = (unsigned int)(p >> 32);
    return (unsigned int)p;
}

// c: 4-word counter, (k0, k1): key -> 4 random words; ten rounds, the key bumped by the Weyl constants between rounds
__device__ __forceinline__ philox_u32x4 philox4x32_10(philox_u32x4 c, unsigned int k0, unsigned int k1) {
    for (int round = 0; round < 10; round++) {
        unsigned int hi0, hi1;
        unsigned int lo0 = philox_mulhilo(0xD2511F53u, c.x, &hi0);
        unsigned int lo1 = philox_mulhilo(0xCD9E8D57u, c.z, &hi1);
        philox_u32x4 next = { hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0 };
        c = next;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    return c;
}

// one random word -> a float in [0, 1) from its top 24 bits (every value exactly representable)
__device__ __forceinline__ float philox_to_uniform(unsigned int u) {
    return (u >> 8) * (1.0f / 16777216.0f);
}

// (seed, stream, counter) -> 4 random words; key = seed, counter words = (counter lo, counter hi, stream lo, stream hi)
__device__ __forceinline__ philox_u32x4 philox_block(unsigned long long seed, unsigned long long stream, unsigned long long counter) {
    philox_u32x4 c = { (unsigned int)counter, (unsigned int)(counter >> 32), (unsigned int)stream, (unsigned int)(stream >> 32) };
    return philox4x32_10(c, (unsigned int)seed, (unsigned int)(seed >> 32));
}
