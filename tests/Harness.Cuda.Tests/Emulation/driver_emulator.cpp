// A CPU stand-in for the CUDA driver (libcuda.so.1) and cuBLAS (libcublas.so.12), loaded in place of them (by
// LD_LIBRARY_PATH) by a test process, so the host side of the CUDA engine runs as it would on a GPU: its P/Invoke
// calls, kernel arguments as cuLaunchKernel reads them, buffer sizes and offsets, streams, graph capture and cuBLAS
// calls. The kernels it runs are cohort.cu's and selftest.cu's own source, built for the CPU with emulator.h's shims.
// "Device" memory is host memory: each allocation filled with 0xFF bytes (NaN as floats: nothing may rely on fresh
// memory being zero) and fenced by guard zones checked after every kernel, GEMM and copy. It is stricter than a GPU
// where it can be: a call without a current context, a stream or handle that does not exist, a copy outside its
// allocation, a launch larger than the kernel was built for, a cooperative grid that would not be resident, or a call
// a stream capture forbids fails with the error code the driver gives; a write past an allocation is
// CUDA_ERROR_ILLEGAL_ADDRESS from then on (sticky, as on a GPU), with the culprit on stderr. Work runs when it is
// issued, one call at a time, so it cannot show races or missing waits: compute-sanitizer on the GPU host does that.
// A launch's threads are fibers on the calling thread (fibers.h), switched at barriers and spins.
// HARNESS_EMULATED_SMS (default 4) sets the multiprocessor count, HARNESS_EMULATED_POOLS=0 turns off stream-ordered
// allocation, HARNESS_EMULATED_FAULT_AT=N makes the Nth kernel launch fault (the error shows at the next call),
// HARNESS_EMULATED_TRACE=1 writes a line to stderr each time the primary context is created, and at each launch of
// cohort_epoch. HARNESS_EMULATED_RUN_LIMIT=1 makes the device one whose kernels have a run-time limit (a display's).
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include "emulator.h"

// selftest.cu's kernels: blockDim, and __syncthreads for the one block that runs at a time
namespace selftest {
thread_local dim3 blockDim;
static EmulatorBarrier* block_barrier = nullptr;
inline void __syncthreads() { block_barrier->arrive_and_wait(); }
#define __shared__ static
#include "selftest.cu"
#undef __shared__
}  // namespace selftest

namespace {
// CUresult and cublasStatus_t values, each named as in cuda.h and cublas_api.h (HeaderBindingTests checks them)
constexpr int kSuccess = 0, kInvalidValue = 1, kOutOfMemory = 2, kNotInitialized = 3, kInvalidDevice = 101,
              kInvalidImage = 200, kInvalidContext = 201, kInvalidHandle = 400, kNotFound = 500, kIllegalAddress = 700,
              kCooperativeLaunchTooLarge = 720, kNotSupported = 801, kStreamCaptureUnsupported = 900,
              kStreamCaptureInvalidated = 901, kStreamCaptureWrongThread = 908;
constexpr int kBlasSuccess = 0, kBlasNotInitialized = 1, kBlasInvalidValue = 7, kBlasExecutionFailed = 13;

constexpr size_t kFront = 256, kBack = 4096;
constexpr unsigned char kGuard = 0xA5;
constexpr long long kTotalMemory = 8LL << 30;
constexpr int kRegisters = 64, kSharedPerSm = 233472, kThreadsPerSm = 2048, kRegistersPerSm = 65536;

using Task = std::function<int()>;  // work issued to a stream: 0, or the sticky error it raised
enum class Mode { Threads, Block, Cohort };  // every thread in turn; one block at a time; every block at once

struct KernelInfo {
    const char* name;
    std::function<std::function<void()>(void**)> bind;  // the arguments copied, as cuLaunchKernel does
    Mode mode;
    int shared;
};
struct Allocation { size_t bytes; bool pooled; };
struct Stream { bool capturing = false, invalidated = false; std::thread::id owner; std::vector<Task> tasks; };
struct Graph { std::vector<Task> tasks; };
struct Module { std::map<std::string, int> entries; };  // entry -> .maxntid (0: none)
struct Function { Module* module; const KernelInfo* info; int maxThreads; };
struct Blas { void* stream = nullptr; };  // workspace and math mode are checked, not kept: the loops need neither
struct Context { int refs = 0; };

std::recursive_mutex mu;  // one call at a time: kernels run inside the call that issues them
bool initialized = false;
int sticky = kSuccess;
Context primary;
thread_local Context* current = nullptr;
thread_local Stream* capture = nullptr;  // the stream this thread captures (thread-local capture mode)
std::map<unsigned long long, Allocation> allocations;  // data start -> allocation
std::set<Stream*> streams;
std::set<Graph*> graphs;
std::set<Module*> modules;
std::set<Function*> functions;
std::set<Blas*> handles;
std::string lastWork = "nothing yet";

int Env(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}
int Sms() { return std::max(1, Env("HARNESS_EMULATED_SMS", 4)); }
bool Pools() { return Env("HARNESS_EMULATED_POOLS", 1) != 0; }

template <class... A, std::size_t... I>
std::function<void()> Bind(void (*kernel)(A...), void** args, std::index_sequence<I...>) {
    auto values = std::make_tuple(*static_cast<std::remove_cv_t<A>*>(args[I])...);
    return [kernel, values] { std::apply(kernel, values); };
}
template <class... A> std::function<std::function<void()>(void**)> Binder(void (*kernel)(A...)) {
    return [kernel](void** args) { return Bind(kernel, args, std::index_sequence_for<A...>{}); };
}

#define KERNEL(f, mode, shared) KernelInfo{#f, Binder(f), mode, shared}
const std::vector<KernelInfo>& Kernels() {
    static const std::vector<KernelInfo> all = {
        KERNEL(cohort_epoch, Mode::Cohort, (int)sizeof(BlockShared)),
        KERNEL(selftest::saxpy, Mode::Threads, 0),
        KERNEL(selftest::sgemm_tiled, Mode::Block, 2 * 16 * 16 * 4),
        KERNEL(selftest::philox_uniform, Mode::Threads, 0),
        KERNEL(wide_begin, Mode::Threads, 0), KERNEL(wide_gather, Mode::Threads, 0),
        KERNEL(wide_bias_act, Mode::Threads, 0), KERNEL(wide_loss, Mode::Threads, 0),
        KERNEL(wide_reduce, Mode::Threads, 0), KERNEL(wide_act_back, Mode::Threads, 0),
        KERNEL(wide_update, Mode::Threads, 0), KERNEL(wide_advance, Mode::Threads, 0),
        KERNEL(wide_penalty_parts, Mode::Threads, 0), KERNEL(wide_penalty, Mode::Threads, 0),
    };
    return all;
}
const KernelInfo* Find(const std::string& name) {
    for (auto& k : Kernels()) {
        std::string n = k.name;
        auto colon = n.rfind(':');
        if ((colon == std::string::npos ? n : n.substr(colon + 1)) == name) return &k;
    }
    return nullptr;
}

char* Base(unsigned long long data) { return reinterpret_cast<char*>(data) - kFront; }

// The allocation holding [p, p + bytes), or nullptr
const Allocation* Holding(unsigned long long p, size_t bytes) {
    auto it = allocations.upper_bound(p);
    if (it == allocations.begin()) return nullptr;
    --it;
    return p + bytes <= it->first + it->second.bytes ? &it->second : nullptr;
}

// Every allocation's guard zones intact; otherwise the error turns sticky, naming the allocation and the last work
int CheckGuards() {
    if (sticky) return sticky;
    std::string culprit;
    for (auto& [data, a] : allocations) {
        const unsigned char* front = reinterpret_cast<unsigned char*>(Base(data));
        const unsigned char* back = reinterpret_cast<unsigned char*>(data + a.bytes);
        for (size_t i = 0; i < kFront; i++)
            if (front[i] != kGuard) { culprit = "wrote before the start of an allocation of " + std::to_string(a.bytes) + " bytes"; goto bad; }
        for (size_t i = 0; i < kBack; i++)
            if (back[i] != kGuard) {
                culprit = "wrote past the end of an allocation of " + std::to_string(a.bytes) + " bytes, first at byte " +
                          std::to_string(a.bytes + i);
                goto bad;
            }
    }
    return kSuccess;
bad:
    sticky = kIllegalAddress;
    std::fprintf(stderr, "driver emulator: %s (%s): CUDA_ERROR_ILLEGAL_ADDRESS from now on\n", lastWork.c_str(), culprit.c_str());
    return sticky;
}

int Ready() {  // initialised, a live current context, no sticky error
    if (!initialized) return kNotInitialized;
    if (sticky) return sticky;
    if (current != &primary || primary.refs == 0) return kInvalidContext;
    return kSuccess;
}

// Calls a thread-local capture forbids on the capturing thread (allocation, synchronous copies, synchronisation)
int Unsafe() {
    if (!capture) return kSuccess;
    capture->invalidated = true;
    return kStreamCaptureUnsupported;
}

// 0/1 (legacy) and 2 (per thread): nullptr; a created stream; or invalid (bad = true)
Stream* Resolve(void* s, bool& bad) {
    bad = false;
    auto h = reinterpret_cast<uintptr_t>(s);
    if (h <= 2) return nullptr;
    auto st = static_cast<Stream*>(s);
    if (!streams.count(st)) bad = true;
    return bad ? nullptr : st;
}

// Runs task now, or records it when the stream is being captured
int Issue(void* stream, Task task, const std::string& what) {
    bool bad;
    Stream* st = Resolve(stream, bad);
    if (bad) return kInvalidHandle;
    if (st && st->capturing) {
        st->tasks.push_back([task, what] { lastWork = what + " (replayed from a graph)"; return task(); });
        return kSuccess;
    }
    lastWork = what;
    int r = task();
    return r ? r : CheckGuards();
}

Task Copy(unsigned long long to, unsigned long long from, size_t bytes, bool toDevice, bool fromDevice) {
    return [=] {
        if ((toDevice && !Holding(to, bytes)) || (fromDevice && !Holding(from, bytes))) {
            sticky = kIllegalAddress;
            std::fprintf(stderr, "driver emulator: a copy touched freed memory: CUDA_ERROR_ILLEGAL_ADDRESS from now on\n");
            return sticky;
        }
        std::memmove(reinterpret_cast<void*>(to), reinterpret_cast<const void*>(from), bytes);
        return kSuccess;
    };
}

void Execute(const KernelInfo& k, const std::function<void()>& body, dim3 grid, dim3 block) {
    unsigned threads = block.x * block.y * block.z;
    if (k.mode == Mode::Threads) {
        for (unsigned by = 0; by < grid.y; by++)
            for (unsigned bx = 0; bx < grid.x; bx++)
                for (unsigned t = 0; t < threads; t++) {
                    blockIdx = dim3{bx, by, 0};
                    threadIdx = dim3{t % block.x, t / block.x % block.y, t / (block.x * block.y)};
                    selftest::blockDim = block;
                    body();
                }
        return;
    }
    if (k.mode == Mode::Block) {  // one block at a time (selftest.cu's shared arrays are static here)
        for (unsigned by = 0; by < grid.y; by++)
            for (unsigned bx = 0; bx < grid.x; bx++) {
                EmulatorBarrier barrier((int)threads);
                selftest::block_barrier = &barrier;
                selftest::blockDim = block;
                std::vector<std::pair<dim3, dim3>> all;
                for (unsigned t = 0; t < threads; t++)
                    all.push_back({dim3{t % block.x, t / block.x % block.y, 0}, dim3{bx, by, 0}});
                RunFibers(body, all);
            }
        return;
    }
    g_blocks.clear();  // cohort_epoch: every block at once (a member's group of blocks waits for each other)
    std::vector<std::pair<dim3, dim3>> all;
    for (unsigned b = 0; b < grid.x; b++) {
        auto e = std::make_unique<EmulatedBlock>();
        e->block = std::make_unique<EmulatorBarrier>(COHORT_THREADS);
        for (int w = 0; w < COHORT_THREADS / 32; w++) e->warp[w] = std::make_unique<EmulatorBarrier>(32);
        e->shared.resize(sizeof(BlockShared));
        g_blocks.push_back(std::move(e));
        for (unsigned t = 0; t < COHORT_THREADS; t++) all.push_back({dim3{t, 0, 0}, dim3{b, 0, 0}});
    }
    RunFibers(body, all);
    g_blocks.clear();
}

int Occupancy(const Function& f, int blockSize, size_t dynamic) {
    if (blockSize <= 0 || blockSize > f.maxThreads) return 0;
    int byThreads = kThreadsPerSm / blockSize, byRegisters = kRegistersPerSm / (kRegisters * blockSize);
    int byShared = (int)(kSharedPerSm / std::max<size_t>(1, f.info->shared + dynamic));
    return std::max(0, std::min({byThreads, byRegisters, byShared, 32}));
}

int Launch(void* fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared,
           void* stream, void** params, void** extra, bool cooperative) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto f = static_cast<Function*>(fn);
    if (!functions.count(f)) return kInvalidHandle;
    if (extra || !params) return kInvalidValue;  // the host passes kernelParams only
    unsigned long long threads = (unsigned long long)bx * by * bz;
    if (!gx || !gy || !gz || !threads || threads > 1024 || bx > 1024 || by > 1024 || bz > 64 || gy > 65535 || gz > 65535)
        return kInvalidValue;
    if ((int)threads > f->maxThreads) return kInvalidValue;  // above the kernel's __launch_bounds__
    if (f->info->shared + shared > 49152) return kInvalidValue;
    if (f->info->mode == Mode::Cohort && (threads != COHORT_THREADS || gy != 1 || gz != 1)) {
        std::fprintf(stderr, "driver emulator: cohort_epoch was built here for %d threads per block, launched with %llu\n",
                     COHORT_THREADS, threads);
        return kNotSupported;
    }
    if (gz != 1 || bz != 1) return kNotSupported;
    if (cooperative && (unsigned long long)gx * gy > (unsigned long long)Occupancy(*f, (int)threads, shared) * Sms())
        return kCooperativeLaunchTooLarge;
    auto body = f->info->bind(params);
    const KernelInfo* info = f->info;
    if (info->mode == Mode::Cohort && Env("HARNESS_EMULATED_TRACE", 0))
        std::fprintf(stderr, "emulated driver: launch cohort_epoch, %u blocks\n", gx);
    dim3 grid{gx, gy, 1}, block{bx, by, 1};
    int r = Issue(stream, [info, body, grid, block] { Execute(*info, body, grid, block); return kSuccess; },
                  std::string("kernel ") + info->name);
    static int launches = 0;  // HARNESS_EMULATED_FAULT_AT=N: the Nth launch faults, as a kernel's bad write would
    if (r == kSuccess && ++launches == Env("HARNESS_EMULATED_FAULT_AT", 0)) {
        sticky = kIllegalAddress;
        std::fprintf(stderr, "driver emulator: kernel %s, launch %d: an injected fault: CUDA_ERROR_ILLEGAL_ADDRESS from now on\n",
                     info->name, launches);
    }
    return r;
}

int Allocate(unsigned long long* p, size_t bytes, bool pooled) {
    if (!p) return kInvalidValue;
    if (bytes == 0) return kInvalidValue;
    long long used = 0;
    for (auto& [_, a] : allocations) used += (long long)a.bytes;
    if (used + (long long)bytes > kTotalMemory) return kOutOfMemory;
    auto base = static_cast<char*>(std::aligned_alloc(256, kFront + ((bytes + 255) / 256) * 256 + kBack));
    if (!base) return kOutOfMemory;
    std::memset(base, kGuard, kFront);
    std::memset(base + kFront, 0xFF, bytes);
    std::memset(base + kFront + bytes, kGuard, kBack);
    *p = reinterpret_cast<unsigned long long>(base + kFront);
    allocations[*p] = Allocation{bytes, pooled};
    return kSuccess;
}

int Free(unsigned long long p) {
    auto it = allocations.find(p);
    if (it == allocations.end()) return kInvalidValue;
    if (int r = CheckGuards()) return r;
    std::free(Base(p));
    allocations.erase(it);
    return kSuccess;
}

void ReleaseEverything() {  // the primary context's last release destroys what it held
    for (auto& [p, _] : allocations) std::free(Base(p));
    allocations.clear();
    for (auto* s : streams) delete s;
    streams.clear();
    for (auto* g : graphs) delete g;
    graphs.clear();
    for (auto* f : functions) delete f;
    functions.clear();
    for (auto* m : modules) delete m;
    modules.clear();
    for (auto* h : handles) delete h;
    handles.clear();
}

// A CUBIN (NVRTC with sm_XY): an ELF file with a section .nv.info.NAME per kernel, whose attribute records (format
// byte, attribute byte, then for format 4 a 16-bit size and that many bytes; formats 1-3 carry 0, 1 or 2 bytes) hold
// EIATTR_MAX_THREADS (attribute 5: x, y, z) when the kernel has launch bounds.
bool ReadCubinEntries(const unsigned char* elf, Module& m) {
    auto u16 = [&](size_t at) { uint16_t v; std::memcpy(&v, elf + at, 2); return (size_t)v; };
    auto u32 = [&](size_t at) { uint32_t v; std::memcpy(&v, elf + at, 4); return (size_t)v; };
    auto u64 = [&](size_t at) { uint64_t v; std::memcpy(&v, elf + at, 8); return (size_t)v; };
    if (elf[4] != 2) return false;  // ELFCLASS64
    size_t shoff = u64(0x28), shentsize = u16(0x3A), shnum = u16(0x3C), shstrndx = u16(0x3E);
    size_t names = u64(shoff + shstrndx * shentsize + 24);
    const std::string prefix = ".nv.info.";
    for (size_t i = 0; i < shnum; i++) {
        size_t sh = shoff + i * shentsize;
        std::string section(reinterpret_cast<const char*>(elf + names + u32(sh)));
        if (section.compare(0, prefix.size(), prefix) != 0) continue;
        size_t at = u64(sh + 24), end = at + u64(sh + 32);
        int maxntid = 0;
        while (at + 2 <= end) {
            int format = elf[at], attribute = elf[at + 1];
            size_t size = format == 4 ? u16(at + 2) : format == 3 ? 2 : format == 2 ? 1 : 0;
            size_t value = at + (format == 4 ? 4 : 2);
            if (format == 4 && attribute == 5 && size >= 4) maxntid = (int)u32(value);
            at = value + size;
        }
        m.entries[section.substr(prefix.size())] = maxntid;
    }
    return !m.entries.empty();
}

// .entry NAME( ... with its .maxntid X, Y, Z when the PTX gives one
bool ReadEntries(const std::string& ptx, Module& m) {
    size_t at = 0;
    while ((at = ptx.find(".entry ", at)) != std::string::npos) {
        at += 7;
        size_t end = ptx.find_first_of("( \n", at);
        std::string name = ptx.substr(at, end - at);
        size_t body = ptx.find('{', end), bounds = ptx.find(".maxntid", end);
        int maxntid = 0;
        if (bounds != std::string::npos && bounds < body) maxntid = std::atoi(ptx.c_str() + bounds + 8);
        m.entries[name] = maxntid;
    }
    return !m.entries.empty();
}

int Gemm(Blas* h, int ta, int tb, int m, int n, int k, const float* alpha, unsigned long long A, int lda, long long sA,
         unsigned long long B, int ldb, long long sB, const float* beta, unsigned long long C, int ldc, long long sC,
         int batch, const char* call) {
    std::lock_guard lock(mu);
    if (!handles.count(h)) return kBlasNotInitialized;
    if (ta < 0 || ta > 2 || tb < 0 || tb > 2 || m < 0 || n < 0 || k < 0 || batch < 0 || !alpha || !beta) return kBlasInvalidValue;
    int rowsA = ta ? k : m, rowsB = tb ? n : k;
    if (lda < std::max(1, rowsA) || ldb < std::max(1, rowsB) || ldc < std::max(1, m)) return kBlasInvalidValue;
    if (!m || !n || !batch) return kBlasSuccess;
    float a = *alpha, b = *beta;
    int colsA = ta ? m : k, colsB = tb ? k : n;
    auto extent = [](long long stride, int batch, int ld, int rows, int cols) {
        return (size_t)(((long long)(batch - 1) * stride + (long long)(cols - 1) * ld + rows) * 4);
    };
    size_t eA = k ? extent(sA, batch, lda, rowsA, colsA) : 0, eB = k ? extent(sB, batch, ldb, rowsB, colsB) : 0;
    size_t eC = extent(sC, batch, ldc, m, n);
    std::string what = call;
    Task task = [=] {
        if ((eA && !Holding(A, eA)) || (eB && !Holding(B, eB)) || !Holding(C, eC)) {
            sticky = kIllegalAddress;
            std::fprintf(stderr, "driver emulator: %s reads or writes outside its matrices' allocations\n", what.c_str());
            return sticky;
        }
        emulated_gemm(ta, tb, m, n, k, a, reinterpret_cast<const float*>(A), lda, sA, reinterpret_cast<const float*>(B), ldb,
                      sB, b, reinterpret_cast<float*>(C), ldc, sC, batch);
        return kSuccess;
    };
    return Issue(h->stream, task, what) ? kBlasExecutionFailed : kBlasSuccess;
}
}  // namespace

extern "C" {
int cuInit(unsigned flags) {
    std::lock_guard lock(mu);
    if (flags != 0) return kInvalidValue;
    initialized = true;
    return kSuccess;
}
int cuDriverGetVersion(int* v) {
    if (!v) return kInvalidValue;
    *v = 13000;
    return kSuccess;
}
int cuDeviceGetCount(int* n) {
    if (!initialized) return kNotInitialized;
    if (!n) return kInvalidValue;
    *n = 1;
    return kSuccess;
}
int cuDeviceGet(int* d, int ordinal) {
    if (!initialized) return kNotInitialized;
    if (!d) return kInvalidValue;
    if (ordinal != 0) return kInvalidDevice;
    *d = 0;
    return kSuccess;
}
int cuDeviceGetName(char* name, int len, int d) {
    if (!initialized) return kNotInitialized;
    if (d != 0) return kInvalidDevice;
    if (!name || len <= 0) return kInvalidValue;
    std::snprintf(name, len, "CPU emulation of a CUDA device (Harness tests)");
    return kSuccess;
}
int cuDeviceGetAttribute(int* v, int attribute, int d) {
    if (!initialized) return kNotInitialized;
    if (d != 0) return kInvalidDevice;
    if (!v) return kInvalidValue;
    switch (attribute) {
        case 1: *v = 1024; return kSuccess;                 // MAX_THREADS_PER_BLOCK
        case 8: *v = 49152; return kSuccess;                // MAX_SHARED_MEMORY_PER_BLOCK
        case 10: *v = 32; return kSuccess;                  // WARP_SIZE
        case 16: *v = Sms(); return kSuccess;               // MULTIPROCESSOR_COUNT
        case 17: *v = Env("HARNESS_EMULATED_RUN_LIMIT", 0) != 0; return kSuccess; // KERNEL_EXEC_TIMEOUT
        case 39: *v = kThreadsPerSm; return kSuccess;       // MAX_THREADS_PER_MULTIPROCESSOR
        case 75: *v = 9; return kSuccess;                   // COMPUTE_CAPABILITY_MAJOR
        case 76: *v = 0; return kSuccess;                   // COMPUTE_CAPABILITY_MINOR
        case 81: *v = kSharedPerSm; return kSuccess;        // MAX_SHARED_MEMORY_PER_MULTIPROCESSOR
        case 82: *v = kRegistersPerSm; return kSuccess;     // MAX_REGISTERS_PER_MULTIPROCESSOR
        case 95: *v = 1; return kSuccess;                   // COOPERATIVE_LAUNCH
        case 115: *v = Pools() ? 1 : 0; return kSuccess;    // MEMORY_POOLS_SUPPORTED
        default:
            std::fprintf(stderr, "driver emulator: device attribute %d is not emulated\n", attribute);
            return kInvalidValue;
    }
}
int cuDeviceTotalMem_v2(size_t* bytes, int d) {
    if (!initialized) return kNotInitialized;
    if (d != 0) return kInvalidDevice;
    if (!bytes) return kInvalidValue;
    *bytes = (size_t)kTotalMemory;
    return kSuccess;
}
int cuDevicePrimaryCtxRetain(void** ctx, int d) {
    std::lock_guard lock(mu);
    if (!initialized) return kNotInitialized;
    if (d != 0) return kInvalidDevice;
    if (!ctx) return kInvalidValue;
    // HARNESS_EMULATED_TRACE=1: each time the primary context comes to life (a GPU spends a fraction of a second on it)
    if (primary.refs++ == 0 && Env("HARNESS_EMULATED_TRACE", 0)) std::fprintf(stderr, "emulated driver: primary context created\n");
    *ctx = &primary;
    return kSuccess;
}
int cuDevicePrimaryCtxRelease_v2(int d) {
    std::lock_guard lock(mu);
    if (!initialized) return kNotInitialized;
    if (d != 0) return kInvalidDevice;
    if (primary.refs == 0) return kInvalidContext;
    if (--primary.refs == 0) ReleaseEverything();
    return kSuccess;
}
int cuCtxSetCurrent(void* ctx) {
    if (!initialized) return kNotInitialized;
    if (ctx && ctx != &primary) return kInvalidContext;
    current = static_cast<Context*>(ctx);
    return kSuccess;
}
int cuCtxSynchronize() {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (int r = Unsafe()) return r;
    return CheckGuards();
}
int cuMemGetInfo_v2(size_t* free, size_t* total) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!free || !total) return kInvalidValue;
    long long used = 0;
    for (auto& [_, a] : allocations) used += (long long)a.bytes;
    *free = (size_t)(kTotalMemory - used);
    *total = (size_t)kTotalMemory;
    return kSuccess;
}
int cuMemAlloc_v2(unsigned long long* p, size_t bytes) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (int r = Unsafe()) return r;
    return Allocate(p, bytes, false);
}
int cuMemFree_v2(unsigned long long p) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (int r = Unsafe()) return r;
    auto it = allocations.find(p);
    if (it != allocations.end() && it->second.pooled) return kInvalidValue;  // pool memory goes back with cuMemFreeAsync
    return Free(p);
}
int cuMemAllocAsync(unsigned long long* p, size_t bytes, void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!Pools()) return kNotSupported;
    bool bad;
    Stream* st = Resolve(stream, bad);
    if (bad) return kInvalidHandle;
    if (st && st->capturing) return kNotSupported;  // a graph allocation node: not what the engine means to make
    return Allocate(p, bytes, true);
}
int cuMemFreeAsync(unsigned long long p, void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    bool bad;
    Stream* st = Resolve(stream, bad);
    if (bad) return kInvalidHandle;
    if (st && st->capturing) return kNotSupported;
    auto it = allocations.find(p);
    if (it == allocations.end()) return kInvalidValue;
    return Free(p);
}
int cuMemcpyHtoD_v2(unsigned long long to, const void* from, size_t bytes) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (int r = Unsafe()) return r;
    if (!from || !Holding(to, bytes)) return kInvalidValue;
    return Issue(nullptr, Copy(to, (unsigned long long)from, bytes, true, false), "cuMemcpyHtoD_v2");
}
int cuMemcpyDtoH_v2(void* to, unsigned long long from, size_t bytes) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (int r = Unsafe()) return r;
    if (!to || !Holding(from, bytes)) return kInvalidValue;
    return Issue(nullptr, Copy((unsigned long long)to, from, bytes, false, true), "cuMemcpyDtoH_v2");
}
int cuMemcpyDtoD_v2(unsigned long long to, unsigned long long from, size_t bytes) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (int r = Unsafe()) return r;
    if (!Holding(to, bytes) || !Holding(from, bytes)) return kInvalidValue;
    return Issue(nullptr, Copy(to, from, bytes, true, true), "cuMemcpyDtoD_v2");
}
int cuMemsetD8_v2(unsigned long long p, unsigned char v, size_t n) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (int r = Unsafe()) return r;
    if (!Holding(p, n)) return kInvalidValue;
    std::memset(reinterpret_cast<void*>(p), v, n);
    return kSuccess;
}
int cuMemsetD8Async(unsigned long long p, unsigned char v, size_t n, void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!Holding(p, n)) return kInvalidValue;
    return Issue(stream, [=] {
        if (!Holding(p, n)) return sticky = kIllegalAddress;
        std::memset(reinterpret_cast<void*>(p), v, n);
        return kSuccess;
    }, "cuMemsetD8Async");
}
int cuMemcpyHtoDAsync_v2(unsigned long long to, const void* from, size_t bytes, void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!from || !Holding(to, bytes)) return kInvalidValue;
    return Issue(stream, Copy(to, (unsigned long long)from, bytes, true, false), "cuMemcpyHtoDAsync_v2");
}
int cuMemcpyDtoHAsync_v2(void* to, unsigned long long from, size_t bytes, void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!to || !Holding(from, bytes)) return kInvalidValue;
    return Issue(stream, Copy((unsigned long long)to, from, bytes, false, true), "cuMemcpyDtoHAsync_v2");
}
int cuMemcpyDtoDAsync_v2(unsigned long long to, unsigned long long from, size_t bytes, void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!Holding(to, bytes) || !Holding(from, bytes)) return kInvalidValue;
    return Issue(stream, Copy(to, from, bytes, true, true), "cuMemcpyDtoDAsync_v2");
}
int cuStreamSynchronize(void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    bool bad;
    Stream* st = Resolve(stream, bad);
    if (bad) return kInvalidHandle;
    if (st && st->capturing) {
        st->invalidated = true;
        return kStreamCaptureUnsupported;
    }
    if (int r = Unsafe()) return r;
    return CheckGuards();
}
int cuModuleLoadData(void** module, const void* image) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!module || !image) return kInvalidValue;
    auto m = std::make_unique<Module>();
    auto bytes = static_cast<const unsigned char*>(image);
    bool cubin = std::memcmp(bytes, "\x7f" "ELF", 4) == 0;
    if (!(cubin ? ReadCubinEntries(bytes, *m) : ReadEntries(static_cast<const char*>(image), *m))) return kInvalidImage;
    *module = m.get();
    modules.insert(m.release());
    return kSuccess;
}
int cuModuleUnload(void* module) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto m = static_cast<Module*>(module);
    if (!modules.count(m)) return kInvalidHandle;
    for (auto it = functions.begin(); it != functions.end();)
        if ((*it)->module == m) { delete *it; it = functions.erase(it); } else ++it;
    modules.erase(m);
    delete m;
    return kSuccess;
}
int cuModuleGetFunction(void** fn, void* module, const char* name) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto m = static_cast<Module*>(module);
    if (!modules.count(m)) return kInvalidHandle;
    if (!fn || !name) return kInvalidValue;
    auto entry = m->entries.find(name);
    if (entry == m->entries.end()) return kNotFound;
    const KernelInfo* info = Find(name);
    if (!info) {
        std::fprintf(stderr, "driver emulator: kernel %s has no CPU build here: add it to Kernels()\n", name);
        return kNotFound;
    }
    auto f = new Function{m, info, entry->second ? entry->second : 1024};
    functions.insert(f);
    *fn = f;
    return kSuccess;
}
int cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared,
                   void* stream, void** params, void** extra) {
    return Launch(f, gx, gy, gz, bx, by, bz, shared, stream, params, extra, false);
}
int cuLaunchCooperativeKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                              unsigned shared, void* stream, void** params) {
    return Launch(f, gx, gy, gz, bx, by, bz, shared, stream, params, nullptr, true);
}
int cuOccupancyMaxActiveBlocksPerMultiprocessor(int* blocks, void* fn, int blockSize, size_t dynamic) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto f = static_cast<Function*>(fn);
    if (!functions.count(f)) return kInvalidHandle;
    if (!blocks) return kInvalidValue;
    *blocks = Occupancy(*f, blockSize, dynamic);
    return kSuccess;
}
int cuFuncGetAttribute(int* v, int attribute, void* fn) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto f = static_cast<Function*>(fn);
    if (!functions.count(f)) return kInvalidHandle;
    if (!v) return kInvalidValue;
    switch (attribute) {
        case 0: *v = f->maxThreads; return kSuccess;       // MAX_THREADS_PER_BLOCK
        case 1: *v = f->info->shared; return kSuccess;     // SHARED_SIZE_BYTES
        case 3: *v = 0; return kSuccess;                   // LOCAL_SIZE_BYTES
        case 4: *v = kRegisters; return kSuccess;          // NUM_REGS
        default: return kInvalidValue;
    }
}
int cuGetErrorName(int error, const char** name) {
    static const std::map<int, const char*> names = {
        {0, "CUDA_SUCCESS"}, {1, "CUDA_ERROR_INVALID_VALUE"}, {2, "CUDA_ERROR_OUT_OF_MEMORY"},
        {3, "CUDA_ERROR_NOT_INITIALIZED"}, {100, "CUDA_ERROR_NO_DEVICE"}, {101, "CUDA_ERROR_INVALID_DEVICE"},
        {200, "CUDA_ERROR_INVALID_IMAGE"}, {201, "CUDA_ERROR_INVALID_CONTEXT"}, {400, "CUDA_ERROR_INVALID_HANDLE"},
        {500, "CUDA_ERROR_NOT_FOUND"}, {700, "CUDA_ERROR_ILLEGAL_ADDRESS"},
        {720, "CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE"}, {801, "CUDA_ERROR_NOT_SUPPORTED"},
        {900, "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED"}, {901, "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED"},
        {908, "CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD"},
    };
    auto it = names.find(error);
    if (!name || it == names.end()) return kInvalidValue;
    *name = it->second;
    return kSuccess;
}
int cuStreamCreate(void** stream, unsigned flags) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    if (!stream || flags > 1) return kInvalidValue;
    auto s = new Stream();
    streams.insert(s);
    *stream = s;
    return kSuccess;
}
int cuStreamDestroy_v2(void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto s = static_cast<Stream*>(stream);
    if (!streams.count(s)) return kInvalidHandle;
    if (s->capturing) return kStreamCaptureUnsupported;
    for (auto* h : handles)
        if (h->stream == s) h->stream = nullptr;  // as cuBLAS would then issue to a dead stream: a later call fails
    streams.erase(s);
    delete s;
    return kSuccess;
}
int cuStreamBeginCapture_v2(void* stream, int mode) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    bool bad;
    Stream* st = Resolve(stream, bad);
    if (bad) return kInvalidHandle;
    if (!st) return kStreamCaptureUnsupported;  // the default streams cannot be captured
    if (mode != 1) {
        std::fprintf(stderr, "driver emulator: only thread-local capture (mode 1) is emulated, not %d\n", mode);
        return kNotSupported;
    }
    if (st->capturing || capture) return kStreamCaptureUnsupported;
    st->capturing = true;
    st->invalidated = false;
    st->owner = std::this_thread::get_id();
    st->tasks.clear();
    capture = st;
    return kSuccess;
}
int cuStreamEndCapture(void* stream, void** graph) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    bool bad;
    Stream* st = Resolve(stream, bad);
    if (bad || !st) return kInvalidHandle;
    if (!graph) return kInvalidValue;
    if (!st->capturing) return kInvalidValue;
    if (st->owner != std::this_thread::get_id()) return kStreamCaptureWrongThread;
    st->capturing = false;
    capture = nullptr;
    *graph = nullptr;
    if (st->invalidated) return kStreamCaptureInvalidated;
    auto g = new Graph{std::move(st->tasks)};
    st->tasks.clear();
    graphs.insert(g);
    *graph = g;
    return kSuccess;
}
int cuGraphInstantiateWithFlags(void** exec, void* graph, unsigned long long flags) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto g = static_cast<Graph*>(graph);
    if (!graphs.count(g)) return kInvalidHandle;
    if (!exec || flags != 0) return kInvalidValue;
    auto e = new Graph{g->tasks};
    graphs.insert(e);
    *exec = e;
    return kSuccess;
}
int cuGraphLaunch(void* exec, void* stream) {
    std::lock_guard lock(mu);
    if (int r = Ready()) return r;
    auto e = static_cast<Graph*>(exec);
    if (!graphs.count(e)) return kInvalidHandle;
    auto tasks = e->tasks;
    return Issue(stream, [tasks] {
        for (auto& t : tasks) {
            if (int r = t()) return r;
            if (int r = CheckGuards()) return r;
        }
        return kSuccess;
    }, "cuGraphLaunch");
}
int cuGraphDestroy(void* graph) {
    std::lock_guard lock(mu);
    auto g = static_cast<Graph*>(graph);
    if (!graphs.count(g)) return kInvalidHandle;
    graphs.erase(g);
    delete g;
    return kSuccess;
}
int cuGraphExecDestroy(void* exec) { return cuGraphDestroy(exec); }

int cublasCreate_v2(void** handle) {
    std::lock_guard lock(mu);
    if (!handle) return kBlasInvalidValue;
    if (Ready()) return kBlasNotInitialized;
    auto h = new Blas();
    handles.insert(h);
    *handle = h;
    return kBlasSuccess;
}
int cublasDestroy_v2(void* handle) {
    std::lock_guard lock(mu);
    auto h = static_cast<Blas*>(handle);
    if (!handles.count(h)) return kBlasNotInitialized;
    handles.erase(h);
    delete h;
    return kBlasSuccess;
}
int cublasGetVersion_v2(void* handle, int* version) {
    std::lock_guard lock(mu);
    if (!handles.count(static_cast<Blas*>(handle))) return kBlasNotInitialized;
    if (!version) return kBlasInvalidValue;
    *version = 120900;
    return kBlasSuccess;
}
int cublasSetStream_v2(void* handle, void* stream) {
    std::lock_guard lock(mu);
    auto h = static_cast<Blas*>(handle);
    if (!handles.count(h)) return kBlasNotInitialized;
    bool bad;
    Resolve(stream, bad);
    if (bad) return kBlasInvalidValue;
    h->stream = stream;
    return kBlasSuccess;
}
int cublasSetWorkspace_v2(void* handle, void* workspace, size_t bytes) {
    std::lock_guard lock(mu);
    auto h = static_cast<Blas*>(handle);
    if (!handles.count(h)) return kBlasNotInitialized;
    auto p = reinterpret_cast<unsigned long long>(workspace);
    if (bytes && (!Holding(p, bytes) || p % 256)) return kBlasInvalidValue;
    return kBlasSuccess;
}
int cublasSetMathMode(void* handle, int mode) {
    std::lock_guard lock(mu);
    auto h = static_cast<Blas*>(handle);
    if (!handles.count(h)) return kBlasNotInitialized;
    int m = mode & ~16;  // CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION
    return m == 0 || m == 2 || m == 3 ? kBlasSuccess : kBlasInvalidValue;
}
int cublasSgemm_v2(void* handle, int ta, int tb, int m, int n, int k, const float* alpha, unsigned long long A, int lda,
                   unsigned long long B, int ldb, const float* beta, unsigned long long C, int ldc) {
    return Gemm(static_cast<Blas*>(handle), ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1, "cublasSgemm_v2");
}
int cublasSgemmStridedBatched(void* handle, int ta, int tb, int m, int n, int k, const float* alpha,
                              unsigned long long A, int lda, long long sA, unsigned long long B, int ldb, long long sB,
                              const float* beta, unsigned long long C, int ldc, long long sC, int batch) {
    return Gemm(static_cast<Blas*>(handle), ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch,
                "cublasSgemmStridedBatched");
}
}
