// Runs the wide path (WideCohort.cs) on the CPU, as a shared library the tests load: wide_launch runs one of
// wide.cuh's kernels thread by thread (they share nothing within a launch, so the order does not matter) and
// wide_gemm is cublasSgemmStridedBatched's contract (column-major, alpha 1, beta 0) as plain loops. "Device"
// pointers are host pointers. It checks WideCohort's GEMM shapes, strides, offsets and kernel order without a GPU.
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include "emulator.h"

template <class... A, std::size_t... I>
static void run(void (*kernel)(A...), int blocks, void** args, std::index_sequence<I...>) {
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < WIDE_THREADS; t++) {
            blockIdx.x = b;
            threadIdx.x = t;
            kernel(*static_cast<std::remove_cv_t<A>*>(args[I])...);
        }
}

template <class... A> static void run(void (*kernel)(A...), int blocks, void** args) {
    run(kernel, blocks, args, std::index_sequence_for<A...>{});
}

// name: a wide kernel, blocks of WIDE_THREADS threads, args: pointers to the arguments as cuLaunchKernel takes them -> 0,
// or 1 for an unknown name
extern "C" int wide_launch(const char* name, int blocks, void** args) {
    std::string n(name);
#define WIDE_KERNEL(f) if (n == #f) { run(f, blocks, args); return 0; }
    WIDE_KERNEL(wide_begin)
    WIDE_KERNEL(wide_gather)
    WIDE_KERNEL(wide_bias_act)
    WIDE_KERNEL(wide_loss)
    WIDE_KERNEL(wide_reduce)
    WIDE_KERNEL(wide_act_back)
    WIDE_KERNEL(wide_update)
    WIDE_KERNEL(wide_advance)
    WIDE_KERNEL(wide_penalty_parts)
    WIDE_KERNEL(wide_penalty)
    return 1;
}

// cublasSgemmStridedBatched with alpha 1 and beta 0, as the wide path calls it
extern "C" void wide_gemm(int transA, int transB, int M, int N, int K, const float* A, int lda, long long strideA,
                          const float* B, int ldb, long long strideB, float* C, int ldc, long long strideC, int batch) {
    emulated_gemm(transA, transB, M, N, K, 1.0f, A, lda, strideA, B, ldb, strideB, 0.0f, C, ldc, strideC, batch);
}
