// The fused cohort kernel: one thread block (or a group of blocks) per member trains one whole epoch (shuffle,
// augmentation, every minibatch step, regularizer, optimizer) and then evaluates the validation split, in one launch.
// The CPU engine (src/Harness.Engine/Network/Mlp.cs, ConvNet.cs, Ops/LossMath.cs, Ops/ActivationMath.cs,
// Optimizers/*.cs, Augmenting/Augmenter.cs) is the specification; each device function names the CPU code it mirrors.
// This file holds the shared numbers, the network's description, the group barrier, the dense layers and the epoch;
// loss.cuh, optimizer.cuh, conv.cuh and augment.cuh hold the rest, included where their section begins.
//
// Dimension letters: R workspace rows (>= batch), D inputs, K outputs, L stages, P parameters per member,
// n training examples, nv validation examples. Row-major everywhere; W_l is (out, in), as in ParameterLayout.
// A stage is a dense layer, a convolution or a pooling layer (conv.cuh; ConvNet.cs, Conv2d.cs, Pool2d.cs on the
// CPU); images are stored channels-last, (rows, H, W, C), so a dense layer reads a flattened image as it lies.
// Enum values match the C# enums (Activation, Loss, Optimizer, StageKind) by their declaration order.
#include "philox.cuh"

// threads per block: 256 unless the host builds a variant (HARNESS_CUDA_BLOCK_THREADS: 128, 512 or 1024)
#ifndef COHORT_THREADS
#define COHORT_THREADS 256
#endif
#define COHORT_MAX_STAGES 32

// Activation (C# order): Sigmoid, Tanh, Relu, LeakyRelu, Identity
#define ACT_SIGMOID 0
#define ACT_TANH 1
#define ACT_RELU 2
#define ACT_LEAKY 3
#define ACT_IDENTITY 4
// Loss (C# order): Quadratic, Absolute, SoftmaxCrossEntropy, SigmoidCrossEntropy, Hinge
#define LOSS_QUADRATIC 0
#define LOSS_ABSOLUTE 1
#define LOSS_SOFTMAX_CE 2
#define LOSS_SIGMOID_CE 3
#define LOSS_HINGE 4
// Optimizer (C# order): Sgd, Momentum, Nesterov, Adagrad, RmsProp, Adam, AdamW
#define OPT_SGD 0
#define OPT_MOMENTUM 1
#define OPT_NESTEROV 2
#define OPT_ADAGRAD 3
#define OPT_RMSPROP 4
#define OPT_ADAM 5
#define OPT_ADAMW 6
// StageKind (C# order): Dense, Conv, MaxPool, AvgPool
#define STAGE_DENSE 0
#define STAGE_CONV 1
#define STAGE_MAX_POOL 2
#define STAGE_AVG_POOL 3

// Slots of the per-member settings arrays (CohortSlots.cs on the host names the same numbers).
#define D_LR 0
#define D_BETA1 1
#define D_BETA2 2
#define D_DECAY 3
#define D_AUG_SHIFT 4
#define D_AUG_ROTATION 5
#define D_AUG_SCALE 6
#define D_AUG_NOISE 7
#define D_SLOTS 8
#define F_MOMENTUM 0
#define F_RHO 1
#define F_ONE_MINUS_RHO 2
#define F_EPS 3
#define F_L2 4
#define F_L1 5
#define F_DROPOUT 6
#define F_INPUT_DROPOUT 7
#define F_BETA1 8
#define F_ONE_MINUS_BETA1 9
#define F_BETA2 10
#define F_ONE_MINUS_BETA2 11
#define F_ELASTIC_ALPHA 12
#define F_ELASTIC_TAPS 16
#define F_SLOTS 272
#define I_OPTIMIZER 0
#define I_DECAY_BIASES 1
#define I_SEED_LO 2
#define I_SEED_HI 3
#define I_ELASTIC_RADIUS 4
#define I_SLOTS 8
// xoshiro256** words per member: the data order's stream, then augmentation's
#define RNG_WORDS 8
#define O_LOSS_SUM 0
#define O_CORRECT 1
#define O_FIRST_LOSS 2
#define O_PENALTY 3
#define O_VAL_LOSS_SUM 4
#define O_VAL_CORRECT 5
#define O_STATUS 6
#define O_STEPS 7
#define O_SLOTS 8
// shape[] (CohortShape.cs): a header of S_HEADER ints, then S_STAGE_INTS per stage
#define S_STAGES 0
#define S_HIDDEN 1
#define S_OUT_ACT 2
#define S_LOSS 3
#define S_SLOPE 4
#define S_HAS_LABELS 5
#define S_HAS_VAL_LABELS 6
#define S_IMAGE_C 7
#define S_IMAGE_H 8
#define S_IMAGE_W 9
#define S_HEADER 10
#define S_STAGE_INTS 12

// One stage: kind, input and output shape (channels, height, width of one example; in/out = their sizes), window
// size, stride and leading padding (convolution, pooling); parameter offsets (-1 for pooling); workspace offsets.
struct Stage {
    int kind, inC, inH, inW, outC, outH, outW, k, stride, padT, padL, in, out;
    long long wOff, bOff;
    // per stage (R x out each): z (pre-activations), a (outputs), dz (gradients), mask (dropout scale; a max
    // pool's chosen input as int bits), drop (dropped outputs)
    long long z, a, dz, mask, drop;
};

// The network as one member's blocks see it; offsets into the flat parameter buffer and the member's workspace.
struct Net {
    int R, L, hidden, outAct, loss, hasLabels, hasValLabels;
    int groups, rank0, stride; // blocks per member; this block's first thread rank in its group; threads in the group
    int imgC, imgH, imgW;      // the data's image shape (N x 1 x 1 for plain vectors): augmentation warps by it
    float slope;
    long long xin; // workspace: rowLoss (R doubles), rowCorrect (R ints), xin (R x D), then each stage's five arrays
    long long part; // then the convolutions' partial gradient sums (conv.cuh; the largest layer's)
    long long aug;  // then, when a member of the cohort augments, augment.cuh's rows (CohortPlan sizes it)
    Stage st[COHORT_MAX_STAGES];
};

// Partial sums a convolution's parameter gradients are split into: one per 2,048 (row, output pixel) pairs of a full
// batch, at most 64 (CohortPlan.ConvParts). A function of the layer and the batch size only, so results do not depend
// on how many blocks train the member.
__device__ __forceinline__ int conv_parts(int batch, int outH, int outW) {
    long long t = ((long long)batch * outH * outW + 2047) / 2048;
    return t < 1 ? 1 : (t > 64 ? 64 : (int)t);
}

__device__ void net_read(const int* shape, int R, int batch, Net* net) {
    net->R = R;
    net->L = shape[S_STAGES];
    net->hidden = shape[S_HIDDEN];
    net->outAct = shape[S_OUT_ACT];
    net->loss = shape[S_LOSS];
    net->slope = __int_as_float(shape[S_SLOPE]);
    net->hasLabels = shape[S_HAS_LABELS];
    net->hasValLabels = shape[S_HAS_VAL_LABELS];
    net->imgC = shape[S_IMAGE_C];
    net->imgH = shape[S_IMAGE_H];
    net->imgW = shape[S_IMAGE_W];
    long long p = 0;
    long long w = 3LL * R; // rowLoss (2R floats as R doubles) + rowCorrect (R)
    for (int l = 0; l < net->L; l++) {
        const int* q = shape + S_HEADER + l * S_STAGE_INTS;
        Stage* s = &net->st[l];
        s->kind = q[0]; s->inC = q[1]; s->inH = q[2]; s->inW = q[3]; s->outC = q[4]; s->outH = q[5]; s->outW = q[6];
        s->k = q[7]; s->stride = q[8]; s->padT = q[9]; s->padL = q[10];
        s->in = s->inC * s->inH * s->inW;
        s->out = s->outC * s->outH * s->outW;
        s->wOff = -1; s->bOff = -1;
        if (s->kind == STAGE_DENSE || s->kind == STAGE_CONV) {
            s->wOff = p; p += s->kind == STAGE_DENSE ? (long long)s->in * s->out : (long long)s->outC * s->k * s->k * s->inC;
            s->bOff = p; p += s->outC;
        }
    }
    net->xin = w; w += (long long)R * net->st[0].in;
    for (int l = 0; l < net->L; l++) {
        Stage* s = &net->st[l];
        long long n = (long long)R * s->out;
        s->z = w; w += n;
        s->a = w; w += n;
        s->dz = w; w += n;
        s->mask = w; w += n;
        s->drop = w; w += n;
    }
    w = (w + 3) / 4 * 4;
    net->part = w;
    for (int l = 0; l < net->L; l++) {
        const Stage* s = &net->st[l];
        if (s->kind != STAGE_CONV) continue;
        long long n = ((long long)s->outC * s->k * s->k * s->inC + s->outC) * conv_parts(batch, s->outH, s->outW);
        if (net->part + n > w) w = net->part + n;
    }
    net->aug = (w + 3) / 4 * 4;
}

// Floats of a block's shared-memory copy of a dense layer's operand, when it fits: dense_update's dz (rows x Out, rows
// padded to whole float4s), dense_forward's transposed weights for narrow inputs (In x Out). Larger layers read them
// from global memory. Each copy is made at the start of a phase, after the group barrier that ended the last one's
// readers, and read after a __syncthreads.
#define SHARED_COPY 2048

// What each block keeps in shared memory. The CPU emulator defines COHORT_BLOCK_SHARED to give every emulated block
// its own copy.
struct BlockShared {
    Net net;
    double scratch[COHORT_THREADS];
    float4 copy[SHARED_COPY / 4]; // a dense layer's operand (SHARED_COPY)
};
#ifndef COHORT_BLOCK_SHARED
#define COHORT_BLOCK_SHARED(name) __shared__ BlockShared name
#endif

// True when stage l's outputs are dropped in training (hidden dense layers only, as ConvNet.Drops)
__device__ __forceinline__ bool drops(const Net& net, int l, float rate) {
    return rate > 0.0f && net.st[l].kind == STAGE_DENSE && l < net.L - 1;
}

// ---- a member's group of blocks ----
// A member is trained by net.groups blocks (1 when the cohort has enough members to fill the device; more for a few
// large members). Work is split over the group's threads by rank; every element is still one thread's sum, so the
// results do not depend on the group size. Sums over rows (losses, accuracies, the penalty) are done by every block
// alone, in the same order, so every block of a group holds the same totals.

// This thread's rank among its group's threads
__device__ __forceinline__ int group_rank(const Net& net) { return net.rank0 + (int)threadIdx.x; }

// A load that always goes to memory (the barrier's generation, written by another block). The CPU emulator makes it an
// acquire load, which ThreadSanitizer understands.
#ifndef COHORT_SPIN_LOAD
#define COHORT_SPIN_LOAD(p) (*(volatile unsigned int*)(p))
#endif

#ifndef COHORT_PAUSE
#if __CUDA_ARCH__ >= 700
#define COHORT_PAUSE() __nanosleep(32)
#else
#define COHORT_PAUSE()
#endif
#endif

// Waits for every thread of the member's group. One block: __syncthreads. Several: a barrier in global memory (bar:
// arrival count, generation; zeroed once, left zeroed), as cooperative groups' grid sync does it: fence, arrive, the
// last arrival resets the count and moves the generation on, the others wait for it to move, fence. The blocks must
// be resident at once, which the host's cooperative launch guarantees.
__device__ void group_sync(const Net& net, unsigned int* bar) {
    __syncthreads();
    if (net.groups == 1) return;
    if (threadIdx.x == 0) {
        unsigned int seen = COHORT_SPIN_LOAD(bar + 1);
        __threadfence();
        if (atomicAdd(bar, 1u) == (unsigned int)net.groups - 1) {
            atomicExch(bar, 0u);
            __threadfence();
            atomicAdd(bar + 1, 1u);
        } else {
            while (COHORT_SPIN_LOAD(bar + 1) == seen) COHORT_PAUSE();
        }
        __threadfence();
    }
    __syncthreads();
}

// ---- block reductions (fixed order for a fixed block size, so a run repeats bit for bit) ----

// (a, b) summed over the block's threads into *sa, *sb on every thread: each warp's lanes by shuffles, then warp 0
// sums the warps' totals. Three barriers; scratch is free again when it returns.
__device__ void block_sum2(double a, double b, double* scratch, double* sa, double* sb) {
    const int warps = COHORT_THREADS / 32;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    for (int off = 16; off > 0; off >>= 1) {
        a += __shfl_down_sync(0xffffffffu, a, off);
        b += __shfl_down_sync(0xffffffffu, b, off);
    }
    if (lane == 0) { scratch[warp] = a; scratch[warps + warp] = b; }
    __syncthreads();
    if (warp == 0) {
        a = lane < warps ? scratch[lane] : 0.0;
        b = lane < warps ? scratch[warps + lane] : 0.0;
        for (int off = 16; off > 0; off >>= 1) {
            a += __shfl_down_sync(0xffffffffu, a, off);
            b += __shfl_down_sync(0xffffffffu, b, off);
        }
        if (lane == 0) { scratch[2 * warps] = a; scratch[2 * warps + 1] = b; }
    }
    __syncthreads();
    *sa = scratch[2 * warps];
    *sb = scratch[2 * warps + 1];
    __syncthreads();
}

// v summed over the block's threads, on every thread (block_sum2)
__device__ double block_sum(double v, double* scratch) {
    double total, none;
    block_sum2(v, 0.0, scratch, &total, &none);
    return total;
}

// ---- activations, output layer and loss ----

#include "loss.cuh"

// ---- one dense layer forward (Mlp.Forward) ----

// Dropout's scale for element idx of a step's batch (row-major) at layer key `layer` (0: the inputs, l + 1: hidden stage
// l): Philox keep/drop, 0 or 1/(1-rate). Both paths (dense_store, the gathers, wide.cuh) draw their masks here.
__device__ __forceinline__ float dropout_scale(unsigned long long seed, int layer, unsigned long long step,
                                               unsigned long long idx, float rate) {
    philox_u32x4 u = philox_block(seed, 3ULL << 32 | (unsigned long long)layer, step << 32 | idx);
    return philox_to_uniform(u.x) < rate ? 0.0f : 1.0f / (1.0f - rate);
}

// Stores unit idx = (r, o) of layer l from its pre-activation s: z; on a hidden layer a = f(z) and, with dropout,
// mask (dropout_scale) and drop = a * mask. The output layer's a is left to loss_rows.
__device__ __forceinline__ void dense_store(const Net& net, int l, int idx, float s, float* work, float rate,
                                            unsigned long long seed, unsigned long long step) {
    const Stage& st = net.st[l];
    work[st.z + idx] = s;
    if (l == net.L - 1) return;
    float av = act_forward(net.hidden, net.slope, s);
    work[st.a + idx] = av;
    if (rate > 0.0f) {
        float m = dropout_scale(seed, l + 1, step, (unsigned long long)idx, rate);
        work[st.mask + idx] = m;
        work[st.drop + idx] = av * m;
    }
}

// Tiles of the dense layers: a thread (or a warp) sums several outputs at once, so each value it loads serves all of
// them. dense_forward's wide-input tiles are FWD_UNITS units by 8, 5, 4, 2 or 1 rows (forward_rows): each weight a lane
// loads serves the tile's rows and each input its units; IG_ROWS: rows per thread in dense_input_grad. dense_update's
// tile is UPD_O output units by UPD_I inputs 32 apart: each dz it loads serves UPD_I weights and each input UPD_O. Every
// element is still one thread's (or one warp's) sum, in a fixed order.
#define FWD_UNITS 4
#define IG_ROWS 4
#define UPD_O 4
#define UPD_I 4

// rows split into the fewest chunks of at most max rows, of near-equal sizes: *chunks of the returned size (the last
// may be shorter)
__device__ __forceinline__ int row_chunks(int rows, int max, int* chunks) {
    int c = rows > 0 ? (rows + max - 1) / max : 1;
    *chunks = c;
    return (rows + c - 1) / c;
}

// The height of dense_forward's row tiles for rows rows: of 8, 5, 4, 2 and 1, the one with the least work per input
// column, tiles x (FWD_UNITS + 2 x height): a tile's loads (FWD_UNITS weights and an input per row: a warp's load
// takes an issue slot of the SM's load unit) and its FWD_UNITS x height multiply-adds (four to one such slot), rows past
// the last included; the taller on a tie. E.g. 10 rows -> 5, 11 -> 4, 16 -> 8, 256 -> 8, 2 -> 2, 1 -> 1.
__device__ __forceinline__ int forward_rows(int rows) {
    int best = 8, cost = (rows + 7) / 8 * (FWD_UNITS + 16);
    for (int h = 5; h >= 1; h = h == 5 ? 4 : h / 2) {
        int c = (rows + h - 1) / h * (FWD_UNITS + 2 * h);
        if (c < cost) { best = h; cost = c; }
    }
    return best;
}

// Sums each of a lane's N values v[0 .. N) over the warp's 32 lanes (N <= 32), halving: at lane offset OFF = 16, 8, 4,
// 2, 1 a lane keeps the lower half of its values, or the upper half (padded with zeros to the lower's size) when its
// lane has that bit, and adds its partner's copy of that half, so each step trades half as many values as the last
// (31 shuffles for 32 values, 21 for 20, 6 for 4, instead of 5 per value). Afterwards, on the lanes left with a real
// value (*real > 0; the others hold padding), v[0] is the total of value *slot, each value on exactly one lane. Every
// total is added in a fixed order, so a run repeats bit for bit. Start with *slot = 0, *real = N.
template <int N, int OFF>
struct WarpHalve {
    static __device__ __forceinline__ void run(float* v, int lane, int* slot, int* real) {
        enum { H = (N + 1) / 2 }; // NVRTC's default dialect has no constexpr
        bool upper = (lane & OFF) != 0;
#pragma unroll
        for (int j = 0; j < H; j++) {
            float lo = v[j], hi = j + H < N ? v[j + H] : 0.0f;
            v[j] = (upper ? hi : lo) + __shfl_xor_sync(0xffffffffu, upper ? lo : hi, OFF);
        }
        if (upper) { *slot += H; *real -= H; }
        else *real = min(*real, (int)H);
        WarpHalve<H, OFF / 2>::run(v, lane, slot, real);
    }
};
template <int N>
struct WarpHalve<N, 0> {
    static __device__ __forceinline__ void run(float*, int, int*, int*) {}
};

// Rows r0 .. r0 + cnt - 1 (cnt <= NR) of units o0 .. o0 + ucnt - 1 (ucnt <= FWD_UNITS), summed by one warp: every lane
// keeps FWD_UNITS x NR sums, so each weight it loads serves NR rows and each input FWD_UNITS units; lanes stride the dot
// products (coalesced reads of the weight rows and the input rows), four inputs a pass so the loads take fixed offsets.
// Tile rows past cnt repeat the last row and units past ucnt the last unit (no conditions in the loop); their sums are
// dropped. WarpHalve leaves each sum's total on one lane, which stores it through dense_store.
template <int NR>
__device__ __forceinline__ void dense_forward_tile(const Net& net, int l, const float* in, const float* w, const float* b,
                                                   int r0, int cnt, int o0, int ucnt, float* work, float rate,
                                                   unsigned long long seed, unsigned long long step) {
    enum { NU = FWD_UNITS };
    int inW = net.st[l].in, outW = net.st[l].out, lane = threadIdx.x & 31;
    const float* xr[NR];
#pragma unroll
    for (int r = 0; r < NR; r++) xr[r] = in + (long long)(r0 + min(r, cnt - 1)) * inW;
    const float* wr[NU];
#pragma unroll
    for (int u = 0; u < NU; u++) wr[u] = w + (long long)(o0 + min(u, ucnt - 1)) * inW;
    float s[NU * NR];
#pragma unroll
    for (int k = 0; k < NU * NR; k++) s[k] = 0.0f;
    int i = lane;
    for (; i + 96 < inW; i += 128) {
        float wv[NU][4];
#pragma unroll
        for (int u = 0; u < NU; u++) {
            const float* wp = wr[u] + i;
            wv[u][0] = wp[0]; wv[u][1] = wp[32]; wv[u][2] = wp[64]; wv[u][3] = wp[96];
        }
#pragma unroll
        for (int r = 0; r < NR; r++) {
            const float* x = xr[r] + i;
            float x0 = x[0], x1 = x[32], x2 = x[64], x3 = x[96];
#pragma unroll
            for (int u = 0; u < NU; u++) {
                float& acc = s[u * NR + r];
                acc += wv[u][0] * x0;
                acc += wv[u][1] * x1;
                acc += wv[u][2] * x2;
                acc += wv[u][3] * x3;
            }
        }
    }
    for (; i < inW; i += 32) {
        float wv[NU];
#pragma unroll
        for (int u = 0; u < NU; u++) wv[u] = wr[u][i];
#pragma unroll
        for (int r = 0; r < NR; r++) {
            float x = xr[r][i];
#pragma unroll
            for (int u = 0; u < NU; u++) s[u * NR + r] += wv[u] * x;
        }
    }
    int slot = 0, real = NU * NR;
    WarpHalve<NU * NR, 16>::run(s, lane, &slot, &real);
    int u = slot / NR, r = slot - u * NR;
    if (real > 0 && u < ucnt && r < cnt)
        dense_store(net, l, (r0 + r) * outW + o0 + u, s[0] + b[o0 + u], work, rate, seed, step);
}

// in: (rows, In) -> z: (rows, Out) = in W^T + b, then dense_store. Wide inputs (In >= 128): a warp per tile of
// FWD_UNITS units by forward_rows rows (dense_forward_tile); narrow inputs: a thread per output, reading W from a
// transposed copy in shared memory when it fits (copy; a warp's threads then read consecutive weights instead of rows
// In apart). Overwrites z, a, mask, drop.
__device__ void dense_forward(const Net& net, int l, const float* in, const float* par, float* work, int rows,
                              float rate, unsigned long long seed, unsigned long long step, float4* copy) {
    int inW = net.st[l].in, outW = net.st[l].out;
    const float* w = par + net.st[l].wOff;
    const float* b = par + net.st[l].bOff;
    if (inW >= 128) {
        int warps = net.stride >> 5, h = forward_rows(rows), units = (outW + FWD_UNITS - 1) / FWD_UNITS;
        int items = units * ((rows + h - 1) / h);
        for (int item = group_rank(net) >> 5; item < items; item += warps) { // the same on every lane of a warp
            int c = item / units, o0 = (item - c * units) * FWD_UNITS, r0 = c * h;
            int cnt = min(h, rows - r0), ucnt = min(FWD_UNITS, outW - o0);
            switch (h) {
                case 8: dense_forward_tile<8>(net, l, in, w, b, r0, cnt, o0, ucnt, work, rate, seed, step); break;
                case 5: dense_forward_tile<5>(net, l, in, w, b, r0, cnt, o0, ucnt, work, rate, seed, step); break;
                case 4: dense_forward_tile<4>(net, l, in, w, b, r0, cnt, o0, ucnt, work, rate, seed, step); break;
                case 2: dense_forward_tile<2>(net, l, in, w, b, r0, cnt, o0, ucnt, work, rate, seed, step); break;
                default: dense_forward_tile<1>(net, l, in, w, b, r0, cnt, o0, ucnt, work, rate, seed, step); break;
            }
        }
        return;
    }
    int n = rows * outW;
    if (inW * outW <= SHARED_COPY) { // the same on every thread of the block
        float* wt = reinterpret_cast<float*>(copy);
        for (int e = threadIdx.x; e < inW * outW; e += COHORT_THREADS) {
            int o = e / inW, i = e - o * inW;
            wt[i * outW + o] = w[e];
        }
        __syncthreads();
        for (int idx = group_rank(net); idx < n; idx += net.stride) {
            int r = idx / outW, o = idx - r * outW;
            const float* x = in + (long long)r * inW;
            float s = 0.0f;
            for (int i = 0; i < inW; i++) s += wt[i * outW + o] * x[i];
            dense_store(net, l, idx, s + b[o], work, rate, seed, step);
        }
        return;
    }
    for (int idx = group_rank(net); idx < n; idx += net.stride) {
        int r = idx / outW, o = idx - r * outW;
        const float* x = in + (long long)r * inW;
        const float* wr = w + (long long)o * inW;
        float s = 0.0f;
        for (int i = 0; i < inW; i++) s += wr[i] * x[i];
        dense_store(net, l, idx, s + b[o], work, rate, seed, step);
    }
}

// ---- regularizer, optimizer and penalty ----

#include "optimizer.cuh"

// ---- one dense layer backward (Mlp.Backward, CpuOps.LinearBackwardInput / LinearBackwardParameters) ----

// s: the gradient reaching output idx of stage l from the stage above -> stage l's dz[idx], through its dropout mask
// (when it drops) and f' (dense and convolution stages; pooling has no activation), as ConvNet.Backward
__device__ __forceinline__ void store_input_grad(const Net& net, int l, float* work, long long idx, float s, float rate) {
    const Stage& st = net.st[l];
    if (drops(net, l, rate)) s *= work[st.mask + idx];
    if (st.kind == STAGE_DENSE || st.kind == STAGE_CONV) s = act_backward(net.hidden, net.slope, work[st.z + idx], work[st.a + idx], s);
    work[st.dz + idx] = s;
}

// dz: (rows, Out), W: (Out, In) -> dPrev: (rows, In) = dz W, through store_input_grad into the dz of the stage below
// (overwritten); a thread per input and chunk of up to IG_ROWS rows. Reads the layer's weights before their update:
// call it a phase before dense_update.
__device__ void dense_input_grad(const Net& net, int l, const float* par, float* work, int rows, float rate) {
    int inW = net.st[l].in, outW = net.st[l].out;
    const float* dz = work + net.st[l].dz;
    const float* w = par + net.st[l].wOff;
    int chunks;
    int per = row_chunks(rows, IG_ROWS, &chunks), n = chunks * inW;
    for (int idx = group_rank(net); idx < n; idx += net.stride) {
        int c = idx / inW, i = idx - c * inW, r0 = c * per, cnt = min(per, rows - r0);
        const float* dzr = dz + (long long)r0 * outW;
        float s[IG_ROWS];
#pragma unroll
        for (int r = 0; r < IG_ROWS; r++) s[r] = 0.0f;
        for (int o = 0; o < outW; o++) {
            float wv = w[(long long)o * inW + i];
#pragma unroll
            for (int r = 0; r < IG_ROWS; r++)
                if (r < cnt) s[r] += dzr[(long long)r * outW + o] * wv;
        }
#pragma unroll
        for (int r = 0; r < IG_ROWS; r++)
            if (r < cnt) store_input_grad(net, l - 1, work, (long long)(r0 + r) * inW + i, s[r], rate);
    }
}

// s += the gradient tile of UPD_O units from o0 by UPD_I inputs from i0, 32 apart (dz: rows ldz apart, in: (rows, In)),
// summed over the rows in order. A tile wholly inside the layer walks the rows with two pointers and fixed offsets; a
// tile at the edge leaves its columns outside at 0. STAGED: dz is dense_update's copy in shared memory, whose rows are
// padded with zeros to whole float4s (UPD_O is 4), so only the inputs have an edge.
template <bool STAGED>
__device__ __forceinline__ void update_tile_sums(const float* dz, int ldz, const float* in, int rows, int outW, int inW,
                                                 int o0, int i0, bool inside, float (&s)[UPD_O][UPD_I]) {
    const float* dzr = dz + o0;
    const float* inr = in + i0;
    for (int r = 0; r < rows; r++, dzr += ldz, inr += inW) {
        float d[UPD_O], x[UPD_I];
        if (STAGED) { // one 16-byte load from shared memory: the tile's 4 units (zeros past the layer's)
            float4 v = *reinterpret_cast<const float4*>(dzr);
            d[0] = v.x; d[1] = v.y; d[2] = v.z; d[3] = v.w;
        } else {
#pragma unroll
            for (int u = 0; u < UPD_O; u++) d[u] = inside || o0 + u < outW ? dzr[u] : 0.0f;
        }
#pragma unroll
        for (int k = 0; k < UPD_I; k++) x[k] = inside || i0 + 32 * k < inW ? inr[32 * k] : 0.0f;
#pragma unroll
        for (int u = 0; u < UPD_O; u++)
#pragma unroll
            for (int k = 0; k < UPD_I; k++) s[u][k] += d[u] * x[k];
    }
}

// One optimizer step for each weight of the tile (the layer's weights from par[wOff], state s1/s2 at the same
// offsets; gradients s): a row of UPD_I weights and their state is read before any is written, so its reads overlap.
__device__ __forceinline__ void update_tile_step(const Opt& q, float* par, float* s1, float* s2, long long wOff, int outW,
                                                 int inW, int o0, int i0, const float (&s)[UPD_O][UPD_I]) {
    int ns = opt_states(q.kind);
#pragma unroll
    for (int u = 0; u < UPD_O; u++) {
        if (o0 + u >= outW) break; // the same on every lane
        float p[UPD_I], m1[UPD_I], m2[UPD_I];
        long long j0 = wOff + (long long)(o0 + u) * inW + i0;
#pragma unroll
        for (int k = 0; k < UPD_I; k++) {
            bool in = i0 + 32 * k < inW;
            p[k] = in ? par[j0 + 32 * k] : 0.0f;
            m1[k] = in && ns > 0 ? s1[j0 + 32 * k] : 0.0f;
            m2[k] = in && ns > 1 ? s2[j0 + 32 * k] : 0.0f;
        }
#pragma unroll
        for (int k = 0; k < UPD_I; k++)
            if (i0 + 32 * k < inW) {
                long long j = j0 + 32 * k;
                par[j] = opt_step(q, p[k], s[u][k], m1[k], m2[k], true);
                if (ns > 0) s1[j] = m1[k];
                if (ns > 1) s2[j] = m2[k];
            }
    }
}

// dz: (rows, Out), in: (rows, In) -> gW = dz^T in, gb = column sums of dz, each element handed to the optimizer as
// soon as it is summed: W and b are updated in place (weights always decayed, biases with decay_biases). Inputs at
// least 64 wide: a warp per tile of UPD_O units by 32 x UPD_I inputs (lane i, i + 32, ...; a layer's last tile, or its
// only one, may reach past its inputs), reading dz from a copy in shared memory (copy, SHARED_COPY floats) when it
// fits; narrower: a thread per weight.
__device__ void dense_update(const Net& net, int l, const float* in, float* par, float* s1, float* s2, const float* work,
                             int rows, const Opt& q, float4* copy) {
    int inW = net.st[l].in, outW = net.st[l].out;
    const float* dz = work + net.st[l].dz;
    long long wOff = net.st[l].wOff, bOff = net.st[l].bOff;
    if (inW >= 64) {
        int lane = threadIdx.x & 31, warps = net.stride >> 5, span = 32 * UPD_I;
        int tilesO = (outW + UPD_O - 1) / UPD_O, tilesI = (inW + span - 1) / span;
        int ldz = tilesO * UPD_O;
        bool copied = rows * ldz <= SHARED_COPY; // the same on every thread of the block
        if (copied) { // each block its own copy; the phase barrier before this one ended the last copy's readers
            float* d = reinterpret_cast<float*>(copy);
            for (int e = threadIdx.x; e < rows * ldz; e += COHORT_THREADS) {
                int r = e / ldz, o = e - r * ldz;
                d[e] = o < outW ? dz[(long long)r * outW + o] : 0.0f;
            }
            __syncthreads();
        }
        for (int item = group_rank(net) >> 5; item < tilesO * tilesI; item += warps) { // the same on every lane
            int to = item / tilesI, o0 = to * UPD_O, i0 = (item - to * tilesI) * span + lane;
            float s[UPD_O][UPD_I];
#pragma unroll
            for (int u = 0; u < UPD_O; u++)
#pragma unroll
                for (int k = 0; k < UPD_I; k++) s[u][k] = 0.0f;
            bool inputs = i0 - lane + span <= inW; // the tile's inputs all inside (the same on every lane)
            if (copied) {
                const float* d = reinterpret_cast<const float*>(copy);
                if (inputs) update_tile_sums<true>(d, ldz, in, rows, outW, inW, o0, i0, true, s);
                else update_tile_sums<true>(d, ldz, in, rows, outW, inW, o0, i0, false, s);
            } else if (inputs && o0 + UPD_O <= outW) {
                update_tile_sums<false>(dz, outW, in, rows, outW, inW, o0, i0, true, s);
            } else {
                update_tile_sums<false>(dz, outW, in, rows, outW, inW, o0, i0, false, s);
            }
            update_tile_step(q, par, s1, s2, wOff, outW, inW, o0, i0, s);
        }
    } else {
        int nw = outW * inW;
        for (int idx = group_rank(net); idx < nw; idx += net.stride) {
            int o = idx / inW, i = idx - o * inW;
            float s = 0.0f;
            for (int r = 0; r < rows; r++) s += dz[(long long)r * outW + o] * in[(long long)r * inW + i];
            long long j = wOff + idx;
            par[j] = opt_update(q, par[j], s, s1 + j, s2 + j, true);
        }
    }
    for (int o = group_rank(net); o < outW; o += net.stride) {
        float s = 0.0f;
        for (int r = 0; r < rows; r++) s += dz[(long long)r * outW + o];
        long long j = bOff + o;
        par[j] = opt_update(q, par[j], s, s1 + j, s2 + j, q.decayBiases);
    }
}

// ---- convolution and pooling stages ----

#include "conv.cuh"

// Stage l's input gradient into the dz of stage l - 1 (a phase before stage l's update: it reads its weights)
__device__ void stage_input_grad(const Net& net, int l, const float* par, float* work, int rows, float rate) {
    switch (net.st[l].kind) {
        case STAGE_DENSE: dense_input_grad(net, l, par, work, rows, rate); break;
        case STAGE_CONV: conv_input_grad(net, l, par, work, rows, rate); break;
        default: pool_input_grad(net, l, work, rows, rate); break;
    }
}

// Stage l's parameter gradients: a dense layer's each handed to the optimizer as it is summed; a convolution's summed
// in slices (its second phase, conv_apply, follows the next group barrier); pooling has none
__device__ void stage_update(const Net& net, int l, const float* in, float* par, float* s1, float* s2, float* work,
                             int rows, int batch, const Opt& q, float4* copy) {
    if (net.st[l].kind == STAGE_DENSE) dense_update(net, l, in, par, s1, s2, work, rows, q, copy);
    else if (net.st[l].kind == STAGE_CONV) conv_grad_parts(net, l, in, work, rows, conv_parts(batch, net.st[l].outH, net.st[l].outW));
}

// What stage l reads in training: the (input-dropped) batch for the first, else the stage below's (dropped) outputs
__device__ __forceinline__ const float* stage_input(const Net& net, int l, const float* xin, const float* work, float rate) {
    if (l == 0) return xin;
    return drops(net, l - 1, rate) ? work + net.st[l - 1].drop : work + net.st[l - 1].a;
}

// ---- the data order: xoshiro256** Fisher-Yates, bit for bit Rng.Shuffle (Network/Rng.cs) ----

__device__ __forceinline__ unsigned long long rotl64(unsigned long long x, int k) { return (x << k) | (x >> (64 - k)); }

// s: the four state words -> the next output (Rng.NextUInt64)
__device__ __forceinline__ unsigned long long xoshiro_next(unsigned long long* s) {
    unsigned long long result = rotl64(s[1] * 5ULL, 7) * 9ULL;
    unsigned long long t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
}

// Asks for the line holding p in L1 ahead of its use (no effect on results). The CPU emulators make it the compiler's
// prefetch.
#ifndef COHORT_PREFETCH
#define COHORT_PREFETCH(p) asm volatile("prefetch.global.L1 [%0];" ::"l"(p))
#endif
// The same into L2 only
#ifndef COHORT_PREFETCH_L2
#define COHORT_PREFETCH_L2(p) asm volatile("prefetch.global.L2 [%0];" ::"l"(p))
#endif

// Swaps shuffle_order looks ahead: it prefetches the element each of the next SHUFFLE_AHEAD swaps will read, so one
// thread's walk over a large order waits on L1 rather than L2 for each random element
#define SHUFFLE_AHEAD 16

// the element swap i of a Fisher-Yates shuffle exchanges with, from the generator's next draw (Rng.Shuffle)
__device__ __forceinline__ int shuffle_pick(unsigned long long* s, int i) {
    return (int)(((xoshiro_next(s) >> 32) * (unsigned long long)(unsigned int)(i + 1)) >> 32);
}

// order: (n) shuffled in place; state: (4), advanced. A copy of the generator runs SHUFFLE_AHEAD draws ahead of the
// swaps to prefetch their elements; the swaps themselves use the state's own draws, in order.
__device__ void shuffle_order(int* order, int n, unsigned long long* state) {
    unsigned long long s[4] = { state[0], state[1], state[2], state[3] };
    unsigned long long a[4] = { s[0], s[1], s[2], s[3] };
    int ahead = n - 1; // the swap the copy draws for next
    for (int k = 0; k < SHUFFLE_AHEAD && ahead > 0; k++, ahead--) COHORT_PREFETCH(order + shuffle_pick(a, ahead));
    for (int i = n - 1; i > 0; i--) {
        if (ahead > 0) {
            COHORT_PREFETCH(order + shuffle_pick(a, ahead));
            ahead--;
        }
        int j = shuffle_pick(s, i);
        int tmp = order[i]; order[i] = order[j]; order[j] = tmp;
    }
    for (int k = 0; k < 4; k++) state[k] = s[k];
}

// ---- augmentation of training batches ----

#include "augment.cuh"

// ---- the batch ----

// Value v of batch element e (row-major in the batch) after input dropout (dropout_scale, layer key 0)
__device__ __forceinline__ float input_dropout(float v, long long e, float rate, unsigned long long seed, unsigned long long step) {
    return rate > 0.0f ? v * dropout_scale(seed, 0, step, (unsigned long long)e, rate) : v;
}

// Elements of the batch a thread reads before it stores any in gather_rows
#define GATHER_LOADS 8

// Rows idx[0, b) of X (n x D) into xin (b x D) through input dropout (no augmentation). Each thread reads
// GATHER_LOADS elements, the group's stride apart, before it stores any, so that many reads of the dataset are in
// flight at once; the row and column step by the stride instead of a 64-bit division per element.
__device__ void gather_rows(const Net& net, const float* X, const int* idx, int D, int b, float* xin, float inRate,
                            unsigned long long seed, unsigned long long step) {
    long long nx = (long long)b * D, stride = net.stride;
    int sr = (int)(stride / D), si = (int)(stride - (long long)sr * D);
    for (long long e0 = group_rank(net); e0 < nx; e0 += stride * GATHER_LOADS) {
        int r = (int)(e0 / D), i = (int)(e0 - (long long)r * D);
        float v[GATHER_LOADS];
#pragma unroll
        for (int k = 0; k < GATHER_LOADS; k++) {
            v[k] = r < b ? X[(long long)idx[r] * D + i] : 0.0f; // element e0 + k * stride is in the batch iff r < b
            i += si;
            r += sr;
            if (i >= D) { i -= D; r++; }
        }
#pragma unroll
        for (int k = 0; k < GATHER_LOADS; k++) {
            long long e = e0 + k * stride;
            if (e < nx) xin[e] = input_dropout(v[k], e, inRate, seed, step);
        }
    }
}

// Asks L2 for rows idx[0, rows) of X (n x D), a 128-byte line at a time (a row's last element too, as rows need not
// start on a line): the next step's batch, fetched while this step computes (the epoch's order is known).
__device__ void prefetch_rows(const Net& net, const float* X, const int* idx, int rows, int D) {
    int lines = (D + 31) / 32 + 1;
    for (int t = group_rank(net); t < rows * lines; t += net.stride) {
        int r = t / lines, c = t - r * lines;
        COHORT_PREFETCH_L2(X + (long long)idx[r] * D + min(c * 32, D - 1));
    }
}

// ---- the epoch ----

// Forward through every layer for rows [0, rows) from in (R x D); returns nothing, leaves z/a/mask/drop filled
__device__ void forward_all(const Net& net, unsigned int* bar, const float* in, const float* par, float* work, int rows,
                            float rate, unsigned long long seed, unsigned long long step, float4* copy) {
    for (int l = 0; l < net.L; l++) {
        switch (net.st[l].kind) {
            case STAGE_DENSE: dense_forward(net, l, in, par, work, rows, rate, seed, step, copy); break;
            case STAGE_CONV:
                conv_transpose(net, l, par, work);
                group_sync(net, bar);
                conv_forward(net, l, in, par, work, rows);
                break;
            default: pool_forward(net, l, in, work, rows); break;
        }
        group_sync(net, bar);
        in = drops(net, l, rate) ? work + net.st[l].drop : work + net.st[l].a;
    }
}

// COHORT_MIN_BLOCKS asks the compiler to fit that many blocks per SM, trading registers (and spills) for residency: set
// by the host from HARNESS_CUDA_MIN_BLOCKS, else 512 threads' worth (2 blocks of 256 threads, 1 of 512 or 1,024), so
// at most 128 registers a thread. Left to itself the compiler may take up to 255 (ptxas 11.8 does for the forward
// tiles), and one block of 256 threads per SM.
#ifndef COHORT_MIN_BLOCKS
#define COHORT_MIN_BLOCKS (COHORT_THREADS < 512 ? 512 / COHORT_THREADS : 1)
#endif
#define COHORT_LAUNCH_BOUNDS __launch_bounds__(COHORT_THREADS, COHORT_MIN_BLOCKS)

// group blocks per member (members[blockIdx.x / group]; barriers: two zeroed uints per member): shuffle, up to maxSteps minibatch steps (-1: the whole epoch), the
// penalty, and the validation loss and accuracy of rows [valFirst, valFirst + valRows) (0: none, -1: to the end).
// Writes out[m * O_SLOTS ...]; steps[m] counts every step the member has taken. A non-finite batch loss stops the
// member before its update (status 1), as on the CPU.
// An epoch may take several launches (EpochLaunches.cs: a device whose kernels have a run-time limit): firstStep is
// the steps of this epoch earlier launches took, and valFirst (a multiple of R) the validation rows they evaluated.
// A launch that goes on (firstStep > 0, or valFirst > 0) neither shuffles nor starts its sums at 0: it continues the
// order, sums and penalty out[] holds, in the same order of additions, so the epoch's results are bit for bit those
// of one launch.
extern "C" __global__ void COHORT_LAUNCH_BOUNDS cohort_epoch(
    const int* shape, int R, int batch, long long P, long long W,
    const float* X, const float* T, const int* Y, int n,
    const float* VX, const float* VT, const int* VY, int nv,
    float* params, float* state1, float* state2, float* work, int* order,
    unsigned long long* shuffle, long long* steps,
    const double* dset, const float* fset, const int* iset, double* out,
    const int* members, int firstStep, int maxSteps, int valFirst, int valRows, int group, unsigned int* barriers) {
    COHORT_BLOCK_SHARED(sh);
    Net& net = sh.net;
    double* scratch = sh.scratch;
    int m = members[blockIdx.x / group], g = blockIdx.x % group;
    if (threadIdx.x == 0) {
        net_read(shape, R, batch, &net);
        net.groups = group;
        net.rank0 = g * COHORT_THREADS;
        net.stride = group * COHORT_THREADS;
    }
    __syncthreads();
    unsigned int* bar = barriers + 2LL * m;
    float* par = params + m * P;
    float* s1 = state1 + m * P;
    float* s2 = state2 + m * P;
    float* wk = work + m * W;
    int* ord = order + (long long)m * n;
    const double* ds = dset + m * D_SLOTS;
    const float* fs = fset + m * F_SLOTS;
    const int* is = iset + m * I_SLOTS;
    double* o = out + m * O_SLOTS;
    unsigned long long seed = (unsigned long long)(unsigned int)is[I_SEED_LO] | ((unsigned long long)(unsigned int)is[I_SEED_HI] << 32);
    float rate = fs[F_DROPOUT], inRate = fs[F_INPUT_DROPOUT];
    int D = net.st[0].in;
    long long step0 = steps[m] - firstStep; // the member's steps before this epoch
    Aug aug = aug_read(ds, fs, is);
    bool goOn = firstStep > 0; // every read of o comes before the group barrier that precedes its rewrite
    if (goOn && o[O_STATUS] != 0.0) return; // stopped in an earlier launch (the host leaves such members out)
    double lossSum = goOn ? o[O_LOSS_SUM] : 0.0, correct = goOn ? o[O_CORRECT] : 0.0;
    double firstLoss = 0.0, status = 0.0;

    if (!goOn && g == 0 && threadIdx.x == 0) shuffle_order(ord, n, shuffle + RNG_WORDS * (long long)m);
    group_sync(net, bar);

    int stepsPerEpoch = (n + batch - 1) / batch;
    int limit = maxSteps >= 0 && maxSteps < stepsPerEpoch - firstStep ? firstStep + maxSteps : stepsPerEpoch;
    int done = firstStep;
    for (; done < limit; done++) {
        int start = done * batch, b = min(batch, n - start);
        const int* idx = ord + start;
        unsigned long long step = (unsigned long long)(step0 + done);
        float* xin = wk + net.xin;
        if (aug.on) { // the CPU augments the gathered batch before input dropout (CpuMember.RunEpoch)
            if (g == 0 && threadIdx.x == 0) aug_draw(net, aug, wk, b, shuffle + RNG_WORDS * (long long)m + 4);
            group_sync(net, bar);
            if (aug.radius > 0) {
                aug_smooth(net, aug, fs + F_ELASTIC_TAPS, wk, b, 0);
                group_sync(net, bar);
                aug_smooth(net, aug, fs + F_ELASTIC_TAPS, wk, b, 1);
                group_sync(net, bar);
            }
        }
        if (aug.on) {
            long long nx = (long long)b * D;
            for (long long e = group_rank(net); e < nx; e += net.stride) {
                int r = (int)(e / D), i = (int)(e - (long long)r * D);
                float v = aug_value(net, aug, wk, r, X + (long long)idx[r] * D, i);
                xin[e] = input_dropout(v, e, inRate, seed, step);
            }
        } else {
            gather_rows(net, X, idx, D, b, xin, inRate, seed, step);
        }
        group_sync(net, bar);
        if (done + 1 < limit) prefetch_rows(net, X, idx + batch, min(batch, n - start - batch), D);
        forward_all(net, bar, xin, par, wk, b, rate, seed, step, sh.copy);
        loss_rows(net, wk, b, T, Y, idx, 0, true, 1.0f / b);
        group_sync(net, bar);
        double batchLoss, batchCorrect;
        sum_rows(net, wk, b, scratch, &batchLoss, &batchCorrect);
        if (!isfinite(batchLoss)) { status = 1.0; break; } // every thread of the group holds the same sum: it leaves together
        if (done == 0) firstLoss = batchLoss / b;
        lossSum += batchLoss;
        correct += batchCorrect;
        // Backward, one phase per layer: update layer l from its dz while the input gradient of the layer below
        // (which reads that layer's weights, not yet updated) is summed; the first input gradient goes first.
        Opt q = opt_read(ds, fs, is, step0 + done + 1);
        if (net.L > 1) stage_input_grad(net, net.L - 1, par, wk, b, rate);
        group_sync(net, bar);
        for (int l = net.L - 1; l >= 0; l--) {
            stage_update(net, l, stage_input(net, l, xin, wk, rate), par, s1, s2, wk, b, batch, q, sh.copy);
            if (l >= 2) stage_input_grad(net, l - 1, par, wk, b, rate);
            group_sync(net, bar);
            if (net.st[l].kind == STAGE_CONV) {
                conv_apply(net, l, par, s1, s2, wk, conv_parts(batch, net.st[l].outH, net.st[l].outW), q);
                group_sync(net, bar);
            }
        }
    }

    double pen = 0.0; // the weights moved: their penalty; else the last launch's stands
    if (status == 0.0) pen = done > firstStep ? penalty(net, par, P, fs, is, scratch) : o[O_PENALTY];
    double valLoss = valFirst > 0 ? o[O_VAL_LOSS_SUM] : 0.0, valCorrect = valFirst > 0 ? o[O_VAL_CORRECT] : 0.0;
    int valEnd = valRows < 0 || valRows > nv - valFirst ? nv : valFirst + valRows;
    if (status == 0.0) {
        for (int start = valFirst; start < valEnd; start += R) {
            int c = min(R, nv - start);
            forward_all(net, bar, VX + (long long)start * D, par, wk, c, 0.0f, seed, 0, sh.copy);
            loss_rows(net, wk, c, VT, VY, (const int*)0, start, false, 1.0f);
            group_sync(net, bar);
            double l, k;
            sum_rows(net, wk, c, scratch, &l, &k);
            valLoss += l;
            valCorrect += k;
        }
    }
    group_sync(net, bar); // the group's reads of o are done
    if (g == 0 && threadIdx.x == 0) {
        o[O_LOSS_SUM] = lossSum;
        o[O_CORRECT] = correct;
        if (!goOn) o[O_FIRST_LOSS] = firstLoss; // else the launch that took step 0 wrote it
        o[O_PENALTY] = pen;
        o[O_VAL_LOSS_SUM] = valLoss;
        o[O_VAL_CORRECT] = valCorrect;
        o[O_STATUS] = status;
        o[O_STEPS] = done;
        steps[m] = step0 + done;
    }
}

// ---- the wide path: element-wise kernels between cuBLAS GEMMs ----

#include "wide.cuh"
