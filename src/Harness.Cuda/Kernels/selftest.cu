// Self-test kernels for `harness doctor` and the GPU tests; each has a CPU twin in Diagnostics/CpuReference.cs.
// Dimension letters: n elements; M, N, K matrix sizes (row-major, c = a b).
#include "philox.cuh"

// x: (n), y: (n) -> y = a*x + y (overwrites y); one element per thread
extern "C" __global__ void saxpy(int n, float a, const float* x, float* y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

#define TILE 16

// a: (M, K), b: (K, N) -> c: (M, N), overwrites c; a TILE x TILE block of threads per TILE x TILE tile of c,
// stepping through K one tile at a time via shared memory; edges padded with zeros
extern "C" __global__ void sgemm_tiled(int M, int N, int K, const float* a, const float* b, float* c) {
    __shared__ float as[TILE][TILE], bs[TILE][TILE];
    int row = blockIdx.y * TILE + threadIdx.y, col = blockIdx.x * TILE + threadIdx.x;
    float sum = 0.0f;
    for (int k0 = 0; k0 < K; k0 += TILE) {
        int ka = k0 + threadIdx.x, kb = k0 + threadIdx.y;
        as[threadIdx.y][threadIdx.x] = (row < M && ka < K) ? a[row * K + ka] : 0.0f;
        bs[threadIdx.y][threadIdx.x] = (kb < K && col < N) ? b[kb * N + col] : 0.0f;
        __syncthreads();
        for (int k = 0; k < TILE; k++) sum += as[threadIdx.y][k] * bs[k][threadIdx.x];
        __syncthreads();
    }
    if (row < M && col < N) c[row * N + col] = sum;
}

// -> out: (n) uniforms in [0, 1); out[i] is word i % 4 of philox_block(seed, stream, i / 4)
extern "C" __global__ void philox_uniform(int n, unsigned long long seed, unsigned long long stream, float* out) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    philox_u32x4 r = philox_block(seed, stream, (unsigned long long)(i / 4));
    unsigned int words[4] = { r.x, r.y, r.z, r.w };
    out[i] = philox_to_uniform(words[i % 4]);
}
