// The wide path (src/Harness.Engine.Cuda/Wide/WideCohort.cs): dense networks too wide for one block per member train
// with cuBLAS strided-batched GEMMs across members (the host issues them) and these element-wise kernels between
// them, one CUDA graph per minibatch step. Included at the end of cohort.cu: it reuses the activations, the losses,
// the optimizers, the dropout keys and the shuffle from there, so both paths compute the same functions.
//
// Every kernel is one thread per element (index wide_index(), WIDE_THREADS per block, the host rounds the grid up);
// no shared memory, no barriers. Per-member arrays are strided: parameters, gradients and optimizer states by P,
// workspace by W (net_read's layout: row losses, row hits, the input batch, then z/a/dz/mask/drop per stage). Values
// that change from step to step (the step within the epoch, each member's step count, its status) are read from
// device memory, so a captured step replays unchanged.
#define WIDE_THREADS 256
// floats per member of the optimizer coefficients wide_advance writes (one Opt)
#define WIDE_OPT_FLOATS 32

__device__ __forceinline__ long long wide_index() { return (long long)blockIdx.x * WIDE_THREADS + threadIdx.x; }

// The examples of the current training step: min(batch, n - cursor * batch)
__device__ __forceinline__ int wide_batch_rows(const int* cursor, int batch, int n) { return min(batch, n - cursor[0] * batch); }

__device__ __forceinline__ unsigned long long wide_seed(const int* is) {
    return (unsigned long long)(unsigned int)is[I_SEED_LO] | ((unsigned long long)(unsigned int)is[I_SEED_HI] << 32);
}

// True for parameter j of a member when it is a weight (layers: each layer's [weight offset, bias offset))
__device__ __forceinline__ bool wide_is_weight(const long long* layers, int L, long long j) {
    for (int l = 0; l < L; l++) if (j >= layers[2 * l] && j < layers[2 * l + 1]) return true;
    return false;
}

// Starts an epoch: each live member's data order shuffled (shuffle_order, as cohort_epoch) and its outputs zeroed;
// the step cursor back to 0. One thread per member.
extern "C" __global__ void wide_begin(int M, int n, int* order, unsigned long long* shuffle, double* out, int* cursor,
                                      const int* live) {
    long long m = wide_index();
    if (m >= M) return;
    if (m == 0) cursor[0] = 0;
    if (!live[m]) return;
    shuffle_order(order + m * n, n, shuffle + RNG_WORDS * m);
    for (int k = 0; k < O_SLOTS; k++) out[m * O_SLOTS + k] = 0.0;
}

// The step's batch into each member's input rows (xin: batch x D), input dropout applied as cohort_epoch does; rows
// past the last step's examples are zeroed. One thread per (member, row, input).
extern "C" __global__ void wide_gather(int M, int batch, int D, int n, const float* X, const int* order, float* work,
                                       long long W, long long xin, const int* cursor, const float* fset, const int* iset,
                                       const long long* steps) {
    long long t = wide_index(), per = (long long)batch * D;
    if (t >= M * per) return;
    int m = (int)(t / per);
    long long e = t - m * per;
    int r = (int)(e / D), i = (int)(e - (long long)r * D);
    int start = cursor[0] * batch;
    float v = 0.0f;
    if (r < wide_batch_rows(cursor, batch, n)) {
        v = X[(long long)order[(long long)m * n + start + r] * D + i];
        v = input_dropout(v, e, fset[m * F_SLOTS + F_INPUT_DROPOUT], wide_seed(iset + m * I_SLOTS), (unsigned long long)steps[m]);
    }
    work[m * W + xin + e] = v;
}

// After the GEMM z = in W^T: z += b, and on a hidden layer a = f(z); in training also drop = a * mask with dropout's
// mask (dropout_scale, as dense_store draws it), or drop = a for a member without dropout, so the next GEMM reads drop for every
// member. One thread per (member, row, unit).
extern "C" __global__ void wide_bias_act(int M, int rows, int O, long long P, long long bOff, const float* params,
                                         float* work, long long W, long long z, long long a, long long mask, long long drop,
                                         int layer, int last, int hidden, float slope, int train, const float* fset,
                                         const int* iset, const long long* steps) {
    long long t = wide_index(), per = (long long)rows * O;
    if (t >= M * per) return;
    int m = (int)(t / per);
    long long idx = t - m * per;
    int o = (int)(idx % O);
    float* wk = work + m * W;
    float s = wk[z + idx] + params[m * P + bOff + o];
    wk[z + idx] = s;
    if (last) return;
    float av = act_forward(hidden, slope, s);
    wk[a + idx] = av;
    if (!train) return;
    float rate = fset[m * F_SLOTS + F_DROPOUT];
    float keep = 1.0f;
    if (rate > 0.0f) {
        keep = dropout_scale(wide_seed(iset + m * I_SLOTS), layer + 1, (unsigned long long)steps[m], (unsigned long long)idx, rate);
        wk[mask + idx] = keep;
    }
    wk[drop + idx] = rate > 0.0f ? av * keep : av;
}

// Output layer and loss per row (output_row, loss_row): row losses and hits at the workspace start (R rows), and in
// training dz = d loss / dz scaled by 1 / rows of the step (zero on rows past the last step's examples). Training
// rows are the step's examples in the member's order; validation rows are examples first, first + 1, ...
// One thread per (member, row).
extern "C" __global__ void wide_loss(int M, int rows, int R, int K, float* work, long long W, long long z, long long a,
                                     long long dz, const float* T, const int* Y, const int* order, int n, int batch,
                                     const int* cursor, int first, int train, const int* shape) {
    long long t = wide_index();
    if (t >= (long long)M * rows) return;
    int m = (int)(t / rows), r = (int)(t - (long long)m * rows);
    OutputSpec out = { shape[S_LOSS], shape[S_OUT_ACT], __int_as_float(shape[S_SLOPE]) };
    float* wk = work + m * W;
    double* rowLoss = (double*)wk;
    int* rowCorrect = (int*)(wk + 2LL * R);
    float* zr = wk + z + (long long)r * K;
    float* ar = wk + a + (long long)r * K;
    float* dzr = train ? wk + dz + (long long)r * K : (float*)0;
    int e = first + r, b = rows;
    if (train) {
        b = wide_batch_rows(cursor, batch, n);
        if (r >= b) {
            for (int k = 0; k < K; k++) dzr[k] = 0.0f;
            rowLoss[r] = 0.0;
            rowCorrect[r] = 0;
            return;
        }
        e = order[(long long)m * n + cursor[0] * batch + r];
    }
    output_row(out, zr, ar, K);
    rowLoss[r] = loss_row(out, zr, ar, T + (long long)e * K, dzr, K, train ? 1.0f / b : 1.0f);
    rowCorrect[r] = Y ? (argmax_row(ar, K) == Y[e] ? 1 : 0) : 0;
}

// Sums the row losses and hits of rows [0, rows) in order into each live member's outputs. In training a non-finite
// batch loss stops the member before its update (status 1, as cohort_epoch); the first step records its mean loss.
// One thread per member.
extern "C" __global__ void wide_reduce(int M, int rows, int R, const float* work, long long W, double* out,
                                       const int* live, int train, const int* cursor, int batch, int n) {
    long long m = wide_index();
    if (m >= M || !live[m]) return;
    double* o = out + m * O_SLOTS;
    if (o[O_STATUS] != 0.0) return;
    const double* rowLoss = (const double*)(work + m * W);
    const int* rowCorrect = (const int*)(work + m * W + 2LL * R);
    double l = 0.0, c = 0.0;
    for (int r = 0; r < rows; r++) { l += rowLoss[r]; c += rowCorrect[r]; }
    if (!train) {
        o[O_VAL_LOSS_SUM] += l;
        o[O_VAL_CORRECT] += c;
        return;
    }
    if (!isfinite(l)) { o[O_STATUS] = 1.0; return; }
    if (o[O_STEPS] == 0.0) o[O_FIRST_LOSS] = l / wide_batch_rows(cursor, batch, n);
    o[O_LOSS_SUM] += l;
    o[O_CORRECT] += c;
}

// After the GEMM dPrev = dz W into the dz of the layer below: through that layer's dropout mask (members that drop)
// and f' (store_input_grad). One thread per (member, row, unit).
extern "C" __global__ void wide_act_back(int M, int rows, int O, float* work, long long W, long long z, long long a,
                                         long long dz, long long mask, int hidden, float slope, const float* fset) {
    long long t = wide_index(), per = (long long)rows * O;
    if (t >= M * per) return;
    int m = (int)(t / per);
    long long idx = t - m * per;
    float* wk = work + m * W;
    float s = wk[dz + idx];
    if (fset[m * F_SLOTS + F_DROPOUT] > 0.0f) s *= wk[mask + idx];
    wk[dz + idx] = act_backward(hidden, slope, wk[z + idx], wk[a + idx], s);
}

// Regularizer and optimizer step for every parameter of the live members whose batch loss was finite (opt_update;
// weights always decayed, biases with decay_biases). One thread per (member, parameter).
extern "C" __global__ void wide_update(int M, long long P, float* params, const float* grad, float* s1, float* s2,
                                       const float* opts, const double* out, const int* live, const long long* layers, int L) {
    long long t = wide_index();
    if (t >= M * P) return;
    int m = (int)(t / P);
    if (!live[m] || out[m * O_SLOTS + O_STATUS] != 0.0) return;
    const Opt q = *(const Opt*)(opts + m * WIDE_OPT_FLOATS);
    bool decayed = q.decayBiases || wide_is_weight(layers, L, t - m * P);
    params[t] = opt_update(q, params[t], grad[t], s1 + t, s2 + t, decayed);
}

// Ends a step, before its update: each member's optimizer coefficients for the step (opt_read at step count + 1)
// into opts for wide_update, then each live member whose batch loss was finite counts the step, and the cursor moves
// to the next one (wide_update reads neither). One thread per member.
extern "C" __global__ void wide_advance(int M, const double* dset, const float* fset, const int* iset, int* cursor,
                                        long long* steps, float* opts, double* out, const int* live) {
    long long m = wide_index();
    if (m >= M) return;
    *(Opt*)(opts + m * WIDE_OPT_FLOATS) = opt_read(dset + m * D_SLOTS, fset + m * F_SLOTS, iset + m * I_SLOTS, steps[m] + 1);
    if (live[m] && out[m * O_SLOTS + O_STATUS] == 0.0) {
        steps[m] += 1;
        out[m * O_SLOTS + O_STEPS] += 1.0;
    }
    if (m == 0) cursor[0] += 1;
}

// (L2/2) p^2 + L1 |p| over the decayed parameters (penalty in optimizer.cuh), in chunks of `chunk` parameters.
// One thread per (member, chunk).
extern "C" __global__ void wide_penalty_parts(int M, long long P, int chunk, int parts, const float* params,
                                              const float* fset, const int* iset, const long long* layers, int L,
                                              double* partial) {
    long long t = wide_index();
    if (t >= (long long)M * parts) return;
    int m = (int)(t / parts), c = (int)(t - (long long)m * parts);
    float l2 = fset[m * F_SLOTS + F_L2], l1 = fset[m * F_SLOTS + F_L1];
    bool decayBiases = iset[m * I_SLOTS + I_DECAY_BIASES] != 0;
    const float* p = params + m * P;
    double v = 0.0;
    long long end = min(P, (long long)(c + 1) * chunk);
    if (l2 != 0.0f || l1 != 0.0f)
        for (long long j = (long long)c * chunk; j < end; j++)
            if (decayBiases || wide_is_weight(layers, L, j)) v += 0.5 * l2 * (double)p[j] * p[j] + l1 * fabs((double)p[j]);
    partial[t] = v;
}

// The chunks' sums, in order, into each live member's penalty (members whose batch loss was finite). One thread per member.
extern "C" __global__ void wide_penalty(int M, int parts, const double* partial, double* out, const int* live) {
    long long m = wide_index();
    if (m >= M || !live[m] || out[m * O_SLOTS + O_STATUS] != 0.0) return;
    double v = 0.0;
    for (int c = 0; c < parts; c++) v += partial[m * parts + c];
    out[m * O_SLOTS + O_PENALTY] = v;
}
