// Fibers for the CPU emulators (included by emulator.h unless EMULATOR_OS_THREADS): every emulated thread of a launch
// runs on the calling host thread, and a barrier or a spin (emulator_yield) hands the CPU to the next one, so a launch of
// thousands of threads costs neither OS threads nor system calls.
#pragma once
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <utility>
#include <vector>
#if !defined(__x86_64__)
#include <ucontext.h>
#endif

// The fibers of one launch: each runs body as emulated thread (tid, bid) until it waits, then the next one runs. On
// x86-64 a fiber switch is six saved registers and a stack pointer (no system call); elsewhere ucontext.
#if defined(__x86_64__)
extern "C" void emulator_switch(void** save, void* load);  // saves the callee-saved registers, switches stacks
asm(R"(
.text
.globl emulator_switch
.type emulator_switch, @function
emulator_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
)");
struct FiberContext { void* sp = nullptr; };
#else
struct FiberContext { ucontext_t context; };
#endif
struct Fiber { FiberContext context; std::unique_ptr<char[]> stack; dim3 tid, bid; bool done = false; };
constexpr size_t kFiberStack = 256 * 1024;
inline FiberContext scheduler;
inline Fiber* running = nullptr;
inline const std::function<void()>* fiberBody = nullptr;

inline void Switch(FiberContext& from, FiberContext& to) {
#if defined(__x86_64__)
    emulator_switch(&from.sp, to.sp);
#else
    swapcontext(&from.context, &to.context);
#endif
}

inline void FiberMain() {
    (*fiberBody)();
    running->done = true;
    Switch(running->context, scheduler);  // never resumed
}

inline void Prepare(Fiber& f) {
    f.stack.reset(new char[kFiberStack]);
#if defined(__x86_64__)
    auto top = reinterpret_cast<uintptr_t>(f.stack.get() + kFiberStack) & ~uintptr_t(15);
    auto sp = reinterpret_cast<void**>(top);
    *--sp = nullptr;                                 // FiberMain's return address slot (it never returns)
    *--sp = reinterpret_cast<void*>(&FiberMain);     // where emulator_switch's ret goes
    for (int i = 0; i < 6; i++) *--sp = nullptr;     // rbp, rbx, r12-r15
    f.context.sp = sp;
#else
    getcontext(&f.context.context);
    f.context.context.uc_stack.ss_sp = f.stack.get();
    f.context.context.uc_stack.ss_size = kFiberStack;
    f.context.context.uc_link = nullptr;
    makecontext(&f.context.context, FiberMain, 0);
#endif
}

// True when EMULATOR_FIBER_ORDER is "reverse": each pass runs the fibers last to first. Between two barriers a fiber
// runs alone until it waits, so one order runs every phase as if its threads went one after another in that order; a
// thread reading what another writes in the same phase (a missing __syncthreads or __syncwarp) gets the other's value
// in one order and not in the other, so a test that passes in both orders has no such race between any two threads.
inline bool ReverseOrder() {
    const char* v = std::getenv("EMULATOR_FIBER_ORDER");
    return v && std::strcmp(v, "reverse") == 0;
}

inline void RunFibers(const std::function<void()>& body, const std::vector<std::pair<dim3, dim3>>& threads) {
    std::vector<Fiber> fibers(threads.size());
    fiberBody = &body;
    for (size_t i = 0; i < fibers.size(); i++) {
        fibers[i].tid = threads[i].first;
        fibers[i].bid = threads[i].second;
        Prepare(fibers[i]);
    }
    bool reverse = ReverseOrder();
    for (size_t alive = fibers.size(); alive > 0;)
        for (size_t i = 0; i < fibers.size(); i++) {
            auto& f = fibers[reverse ? fibers.size() - 1 - i : i];
            if (f.done) continue;
            running = &f;
            threadIdx = f.tid;
            blockIdx = f.bid;
            Switch(scheduler, f.context);
            if (f.done) alive--;
        }
    running = nullptr;
}

// Called by a fiber that waits: the next fiber runs
inline void emulator_yield() { Switch(running->context, scheduler); }
