// Activations, the output layer and the losses of cohort_epoch (included by cohort.cu after its block reductions; it
// uses Net, group_rank and block_sum from there). The CPU engine is the specification: Ops/ActivationMath.cs and
// Ops/LossMath.cs; each function names the CPU code it mirrors.

// ---- activations (ActivationMath.cs) ----

// z -> f(z)
__device__ __forceinline__ float act_forward(int f, float slope, float z) {
    switch (f) {
        case ACT_SIGMOID: return 1.0f / (1.0f + expf(-z));
        case ACT_TANH: return tanhf(z);
        case ACT_RELU: return z > 0.0f ? z : 0.0f;
        case ACT_LEAKY: return z > 0.0f ? z : slope * z;
        default: return z;
    }
}

// z, a = f(z), da -> da * f'(z)
__device__ __forceinline__ float act_backward(int f, float slope, float z, float a, float da) {
    switch (f) {
        case ACT_SIGMOID: return da * a * (1.0f - a);
        case ACT_TANH: return da * (1.0f - a * a);
        case ACT_RELU: return z > 0.0f ? da : 0.0f;
        case ACT_LEAKY: return z > 0.0f ? da : slope * da;
        default: return da;
    }
}

// ---- output layer and loss, one thread per row (LossMath.OutputForward and LossMath.Loss) ----

// The output layer's description: the loss, the output activation (identity where the loss folds it) and the leaky
// slope. Small, so both paths hold it in registers (the fused kernel's Net lives in shared memory).
struct OutputSpec { int loss, outAct; float slope; };

__device__ __forceinline__ OutputSpec output_spec(const Net& net) { OutputSpec o = { net.loss, net.outAct, net.slope }; return o; }

// z: (K) -> a: (K) by the loss's output nonlinearity
__device__ void output_row(const OutputSpec& net, const float* z, float* a, int K) {
    if (net.loss == LOSS_SOFTMAX_CE) {
        float mx = z[0];
        for (int k = 1; k < K; k++) mx = fmaxf(mx, z[k]);
        float sum = 0.0f;
        for (int k = 0; k < K; k++) { a[k] = expf(z[k] - mx); sum += a[k]; }
        for (int k = 0; k < K; k++) a[k] = a[k] / sum;
    } else if (net.loss == LOSS_SIGMOID_CE) {
        for (int k = 0; k < K; k++) a[k] = 1.0f / (1.0f + expf(-z[k]));
    } else {
        for (int k = 0; k < K; k++) a[k] = act_forward(net.outAct, net.slope, z[k]);
    }
}

// z, a, t: (K) -> the row's loss; dz (when not null): (K) = scale * d loss / dz, overwritten
__device__ double loss_row(const OutputSpec& net, const float* z, const float* a, const float* t, float* dz, int K, float scale) {
    double total = 0.0;
    switch (net.loss) {
        case LOSS_QUADRATIC:
            for (int k = 0; k < K; k++) {
                float d = a[k] - t[k];
                total += 0.5 * d * d;
                if (dz) dz[k] = scale * d;
            }
            break;
        case LOSS_ABSOLUTE:
            for (int k = 0; k < K; k++) {
                float d = a[k] - t[k];
                total += fabs((double)d);
                if (dz) dz[k] = d > 0.0f ? scale : (d < 0.0f ? -scale : 0.0f);
            }
            break;
        case LOSS_SOFTMAX_CE: {
            double mx = z[0], sumExp = 0.0, tSum = 0.0, tz = 0.0;
            for (int k = 1; k < K; k++) mx = fmax(mx, (double)z[k]);
            for (int k = 0; k < K; k++) { sumExp += exp((double)z[k] - mx); tSum += t[k]; tz += (double)t[k] * z[k]; }
            total = (mx + log(sumExp)) * tSum - tz;
            if (dz) for (int k = 0; k < K; k++) dz[k] = scale * (float)(a[k] * tSum - t[k]);
            return total;
        }
        case LOSS_SIGMOID_CE:
            for (int k = 0; k < K; k++) {
                double zk = z[k];
                total += fmax(zk, 0.0) - zk * t[k] + log(1.0 + exp(-fabs(zk)));
                if (dz) dz[k] = scale * (a[k] - t[k]);
            }
            return total;
        case LOSS_HINGE: {
            if (dz) for (int k = 0; k < K; k++) dz[k] = 0.0f;
            int y = 0;
            for (int k = 1; k < K; k++) if (t[k] > t[y]) y = k;
            int rival = -1;
            for (int k = 0; k < K; k++) if (k != y && (rival < 0 || a[k] > a[rival])) rival = k;
            if (rival >= 0) {
                double margin = 1.0 + a[rival] - a[y];
                if (margin > 0.0) {
                    total = margin;
                    if (dz) { dz[rival] = scale; dz[y] = -scale; }
                }
            }
            break;
        }
    }
    if (dz) for (int k = 0; k < K; k++) dz[k] = act_backward(net.outAct, net.slope, z[k], a[k], dz[k]);
    return total;
}

// a: (K) -> index of the first largest value (CpuOps.Argmax)
__device__ __forceinline__ int argmax_row(const float* a, int K) {
    int best = 0;
    for (int k = 1; k < K; k++) if (a[k] > a[best]) best = k;
    return best;
}


// Output layer, loss and accuracy for rows [0, rows) of the workspace (LossMath.Loss, CpuOps.Argmax): rowLoss[r]
// (doubles at the workspace start) and rowCorrect[r] (ints after them); the last layer's dz too when grad.
// Example r is idx[r] when idx is given (a training batch), else first + r (a validation chunk).
__device__ void loss_rows(const Net& net, float* work, int rows, const float* T, const int* Y, const int* idx, int first,
                          bool grad, float scale) {
    const Stage& st = net.st[net.L - 1];
    int K = st.out;
    OutputSpec out = output_spec(net);
    double* rowLoss = (double*)work;
    int* rowCorrect = (int*)(work + 2LL * net.R);
    for (int r = group_rank(net); r < rows; r += net.stride) {
        int e = idx ? idx[r] : first + r;
        const float* z = work + st.z + (long long)r * K;
        float* a = work + st.a + (long long)r * K;
        output_row(out, z, a, K);
        float* dz = grad ? work + st.dz + (long long)r * K : (float*)0;
        rowLoss[r] = loss_row(out, z, a, T + (long long)e * K, dz, K, scale);
        rowCorrect[r] = Y ? (argmax_row(a, K) == Y[e] ? 1 : 0) : 0;
    }
}

// Sums rowLoss and rowCorrect over rows [0, rows) across the block (every thread gets the totals).
__device__ void sum_rows(const Net& net, const float* work, int rows, double* scratch, double* loss, double* correct) {
    const double* rowLoss = (const double*)work;
    const int* rowCorrect = (const int*)(work + 2LL * net.R);
    double l = 0.0, c = 0.0;
    for (int r = threadIdx.x; r < rows; r += COHORT_THREADS) { l += rowLoss[r]; c += rowCorrect[r]; }
    block_sum2(l, c, scratch, loss, correct);
}
