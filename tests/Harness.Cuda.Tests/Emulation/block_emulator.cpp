// Runs cohort.cu's cohort_epoch on the CPU: every block of a launch at once, 256 fibers each (std::threads with
// EMULATOR_OS_THREADS), __syncthreads as a per-block barrier, warp shuffles through a per-block table, each block's shared memory its own (through
// COHORT_BLOCK_SHARED), and the kernel's own global-memory group barrier on real atomics and fences. It checks the
// kernel's arithmetic, indexing and group synchronisation without a GPU (not its timing, the GPU's memory model or
// races: compute-sanitizer on the GPU host does that). Used by EmulatedKernelTests: reads the input file it writes
// (header, shape, splits, initial parameters, shuffle states, settings per epoch) and writes each epoch's outputs and
// the final parameters.
#include <cstdio>
#include "emulator.h"

template <class T> static std::vector<T> get(FILE* f) {
    int n = 0;
    if (fread(&n, 4, 1, f) != 1) { std::fprintf(stderr, "input ended early\n"); std::exit(2); }
    std::vector<T> v(n);
    if (n > 0 && fread(v.data(), sizeof(T), n, f) != (size_t)n) { std::fprintf(stderr, "input ended early\n"); std::exit(2); }
    return v;
}

template <class T> static void put(FILE* f, const std::vector<T>& v) {
    int n = (int)v.size();
    fwrite(&n, 4, 1, f);
    fwrite(v.data(), sizeof(T), v.size(), f);
}

int main(int argc, char** argv) {
    if (argc != 3) { std::fprintf(stderr, "usage: block_emulator INPUT OUTPUT\n"); return 2; }
    FILE* in = std::fopen(argv[1], "rb");
    if (!in) { std::fprintf(stderr, "cannot read %s\n", argv[1]); return 2; }
    auto h = get<int>(in);
    int M = h[0], R = h[1], batch = h[2], P = h[3], W = h[4], n = h[5], nv = h[6], epochs = h[7], maxSteps = h[8], group = h[9];
    auto shape = get<int>(in);
    auto X = get<float>(in), T = get<float>(in), VX = get<float>(in), VT = get<float>(in);
    auto Y = get<int>(in), VY = get<int>(in);
    auto params = get<float>(in);
    auto shuffle = get<unsigned long long>(in);
    auto fset = get<float>(in);
    auto iset = get<int>(in);
    std::vector<std::vector<double>> dsets;
    for (int e = 0; e < epochs; e++) dsets.push_back(get<double>(in));
    std::fclose(in);

    std::vector<float> s1((size_t)M * P, 0), s2((size_t)M * P, 0), work((size_t)M * W, 0);
    std::vector<int> order((size_t)M * n), members(M);
    for (int m = 0; m < M; m++) {
        members[m] = m;
        for (int i = 0; i < n; i++) order[(size_t)m * n + i] = i;
    }
    std::vector<long long> steps(M, 0);
    std::vector<double> out((size_t)M * O_SLOTS, 0);
    std::vector<unsigned int> barriers((size_t)M * 2, 0);
    for (int b = 0; b < M * group; b++) {
        auto block = std::make_unique<EmulatedBlock>();
        block->block = std::make_unique<EmulatorBarrier>(COHORT_THREADS);
        for (int w = 0; w < COHORT_THREADS / 32; w++) block->warp[w] = std::make_unique<EmulatorBarrier>(32);
        block->shared.resize(sizeof(BlockShared));
        g_blocks.push_back(std::move(block));
    }
    FILE* o = std::fopen(argv[2], "wb");
    if (!o) { std::fprintf(stderr, "cannot write %s\n", argv[2]); return 2; }
    const int* y = Y.empty() ? nullptr : Y.data();
    const int* vy = VY.empty() ? nullptr : VY.data();
    for (int e = 0; e < epochs; e++) {
        auto body = [&, e] {
            cohort_epoch(shape.data(), R, batch, (long long)P, (long long)W, X.data(), T.data(), y, n,
                         nv ? VX.data() : nullptr, nv ? VT.data() : nullptr, vy, nv, params.data(),
                         s1.data(), s2.data(), work.data(), order.data(), shuffle.data(), steps.data(),
                         dsets[e].data(), fset.data(), iset.data(), out.data(), members.data(), 0, maxSteps, 0, -1,
                         group, barriers.data());
        };
#ifdef EMULATOR_OS_THREADS
        std::vector<std::thread> threads;
        for (int b = 0; b < M * group; b++)
            for (int t = 0; t < COHORT_THREADS; t++)
                threads.emplace_back([&, t, b] {
                    threadIdx.x = t;
                    blockIdx.x = b;
                    body();
                });
        for (auto& t : threads) t.join();
#else
        std::vector<std::pair<dim3, dim3>> threads;
        for (int b = 0; b < M * group; b++)
            for (int t = 0; t < COHORT_THREADS; t++) threads.push_back({dim3{(unsigned)t, 0, 0}, dim3{(unsigned)b, 0, 0}});
        RunFibers(body, threads);
#endif
        put(o, out);
    }
    put(o, params);
    put(o, work);
    std::fclose(o);
    return 0;
}
