// The CUDA shims the CPU emulators compile cohort.cu with (block_emulator.cpp runs cohort_epoch with every block at
// once; wide_emulator.cpp runs the wide path's kernels and GEMMs for WideCohort; driver_emulator.cpp stands in for the
// CUDA driver and cuBLAS): threadIdx and blockIdx per emulated thread, __syncthreads as a per-block barrier (across
// fibers, fibers.h; across host threads with EMULATOR_OS_THREADS, e.g. for ThreadSanitizer), warp shuffles through a per-block
// table, each block's shared memory its own (COHORT_BLOCK_SHARED), and the kernel's global-memory group barrier on
// real atomics and fences.
#pragma once
#include <algorithm>
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>
using std::isfinite;
using std::min;
struct dim3 { unsigned x = 0, y = 0, z = 0; };
struct alignas(16) float4 { float x, y, z, w; };
#ifndef COHORT_THREADS
#define COHORT_THREADS 256
#endif
thread_local dim3 threadIdx;
thread_local dim3 blockIdx;
#ifndef EMULATOR_OS_THREADS
#include "fibers.h"
struct EmulatorBarrier {  // across the fibers of a block or a warp
    explicit EmulatorBarrier(int n) : count(n) {}
    void arrive_and_wait() {
        unsigned g = generation;
        if (++arrived == count) {
            arrived = 0;
            generation++;
            return;
        }
        while (generation == g) emulator_yield();
    }
    int count, arrived = 0;
    unsigned generation = 0;
};
#define COHORT_PAUSE() emulator_yield()
#else
using EmulatorBarrier = std::barrier<>;
#define COHORT_PAUSE() std::this_thread::yield()
#endif
struct EmulatedBlock {
    std::unique_ptr<EmulatorBarrier> block;
    std::unique_ptr<EmulatorBarrier> warp[COHORT_THREADS / 32];
    float shfl[COHORT_THREADS];
    double shfld[COHORT_THREADS];
    std::vector<char> shared;
};
static std::vector<std::unique_ptr<EmulatedBlock>> g_blocks;
#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define COHORT_BLOCK_SHARED(name) BlockShared& name = *reinterpret_cast<BlockShared*>(g_blocks[blockIdx.x]->shared.data())
// prefetches read a byte, so an address outside its array shows up under AddressSanitizer
#define COHORT_PREFETCH(p) ((void)*(volatile const char*)(p))
#define COHORT_PREFETCH_L2(p) ((void)*(volatile const char*)(p))
#define COHORT_SPIN_LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
inline void __syncthreads() { g_blocks[blockIdx.x]->block->arrive_and_wait(); }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline unsigned int atomicAdd(unsigned int* p, unsigned int v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
inline unsigned int atomicExch(unsigned int* p, unsigned int v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
// v of lane `from` of the calling thread's warp, through the block's table for T; every lane of the warp calls it
template <typename T>
inline T warp_read(T* table, T v, int from) {
    EmulatedBlock& b = *g_blocks[blockIdx.x];
    int t = threadIdx.x, w = t >> 5;
    table[t] = v;
    b.warp[w]->arrive_and_wait();
    T r = table[(w << 5) | from];
    b.warp[w]->arrive_and_wait();
    return r;
}
inline int down_lane(int off) { int lane = threadIdx.x & 31; return lane + off < 32 ? lane + off : lane; }
inline float __shfl_down_sync(unsigned, float v, int off) { return warp_read(g_blocks[blockIdx.x]->shfl, v, down_lane(off)); }
inline double __shfl_down_sync(unsigned, double v, int off) { return warp_read(g_blocks[blockIdx.x]->shfld, v, down_lane(off)); }
inline float __shfl_xor_sync(unsigned, float v, int mask) { return warp_read(g_blocks[blockIdx.x]->shfl, v, (threadIdx.x & 31) ^ mask); }
inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, 4); return i; }
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
// C_i = alpha op(A_i) op(B_i) + beta C_i for i < batch, column-major (cuBLAS's sgemm contract): op(A) M x K, op(B) K x N,
// C M x N; trans (1 or 2) reads a matrix transposed; with beta 0 what C held is not read
inline void emulated_gemm(int transA, int transB, int M, int N, int K, float alpha, const float* A, int lda, long long strideA,
                          const float* B, int ldb, long long strideB, float beta, float* C, int ldc, long long strideC, int batch) {
    for (int b = 0; b < batch; b++) {
        const float* a = A + b * strideA;
        const float* x = B + b * strideB;
        float* c = C + b * strideC;
        for (int j = 0; j < N; j++)
            for (int i = 0; i < M; i++) {
                float s = 0.0f;
                for (int k = 0; k < K; k++)
                    s += (transA ? a[k + (long long)i * lda] : a[i + (long long)k * lda]) *
                         (transB ? x[j + (long long)k * ldb] : x[k + (long long)j * ldb]);
                float& out = c[i + (long long)j * ldc];
                out = beta == 0.0f ? alpha * s : alpha * s + beta * out;
            }
    }
}
#include "cohort.cu"
