// The regularizer, the optimizers and the penalty of cohort_epoch (included by cohort.cu before its dense backward
// pass; it uses Net and block_sum from there). The CPU engine is the specification: Mlp.AddRegularization,
// Mlp.Penalty and Optimizers/*.cs.

// ---- regularizer and optimizer for one parameter (Mlp.AddRegularization, Optimizers/*.cs) ----

// One member's optimizer for one step: its coefficients and the step's scalars (Adam's bias corrections at step t,
// 1-based; AdamW's decoupled decay factor), rounded as the CPU optimizers round them.
struct Opt {
    int kind;
    bool decayBiases;
    float lr, l2, l1, mu, eps, rho, oneMinusRho, b1, oneMinusB1, b2, oneMinusB2, stepSize, invBc2, decayFactor;
};

__device__ Opt opt_read(const double* ds, const float* fs, const int* is, long long t) {
    Opt q;
    q.kind = is[I_OPTIMIZER];
    q.decayBiases = is[I_DECAY_BIASES] != 0;
    double lr = ds[D_LR];
    q.lr = (float)lr;
    q.l2 = fs[F_L2]; q.l1 = fs[F_L1]; q.mu = fs[F_MOMENTUM]; q.eps = fs[F_EPS];
    q.rho = fs[F_RHO]; q.oneMinusRho = fs[F_ONE_MINUS_RHO];
    q.b1 = fs[F_BETA1]; q.oneMinusB1 = fs[F_ONE_MINUS_BETA1]; q.b2 = fs[F_BETA2]; q.oneMinusB2 = fs[F_ONE_MINUS_BETA2];
    q.stepSize = 0.0f; q.invBc2 = 0.0f; q.decayFactor = 1.0f;
    if (q.kind == OPT_ADAM || q.kind == OPT_ADAMW) {
        q.stepSize = (float)(lr / (1.0 - pow(ds[D_BETA1], (double)t)));
        q.invBc2 = (float)(1.0 / sqrt(1.0 - pow(ds[D_BETA2], (double)t)));
        q.decayFactor = (float)(1.0 - lr * ds[D_DECAY]);
    }
    return q;
}

// Optimizer state arrays the optimizer kind keeps per parameter: none for SGD, two for Adam and AdamW, else one
__device__ __forceinline__ int opt_states(int kind) { return kind == OPT_SGD ? 0 : (kind == OPT_ADAM || kind == OPT_ADAMW ? 2 : 1); }

// p: a parameter, g: its data gradient, m1/m2: its optimizer state in registers (velocity; sum or mean of squares;
// Adam's m, v) -> the parameter after g += L2 p + L1 sign(p) (when decayed) and one optimizer step; the state is updated
__device__ __forceinline__ float opt_step(const Opt& q, float p, float g, float& m1, float& m2, bool decayed) {
    if (decayed) {
        if (q.l2 != 0.0f) g = p * q.l2 + g;
        if (q.l1 != 0.0f) g += p > 0.0f ? q.l1 : (p < 0.0f ? -q.l1 : 0.0f);
    }
    switch (q.kind) {
        case OPT_SGD: return p - q.lr * g;
        case OPT_MOMENTUM: { float v = q.mu * m1 - q.lr * g; m1 = v; return p + v; }
        case OPT_NESTEROV: { float st = q.lr * g; float v = q.mu * m1 - st; m1 = v; return p + (q.mu * v - st); }
        case OPT_ADAGRAD: { float s = m1 + g * g; m1 = s; return p - q.lr * g / (sqrtf(s) + q.eps); }
        case OPT_RMSPROP: { float s = q.rho * m1 + q.oneMinusRho * (g * g); m1 = s; return p - q.lr * g / (sqrtf(s) + q.eps); }
        default: { // Adam, AdamW
            float m = q.b1 * m1 + q.oneMinusB1 * g;
            float v = q.b2 * m2 + q.oneMinusB2 * (g * g);
            m1 = m;
            m2 = v;
            return p * (decayed ? q.decayFactor : 1.0f) - q.stepSize * m / (sqrtf(v) * q.invBc2 + q.eps);
        }
    }
}

// opt_step for a parameter whose state is in memory (s1/s2: read and written only as the optimizer keeps them)
__device__ __forceinline__ float opt_update(const Opt& q, float p, float g, float* s1, float* s2, bool decayed) {
    int n = opt_states(q.kind);
    float m1 = n > 0 ? *s1 : 0.0f, m2 = n > 1 ? *s2 : 0.0f;
    float r = opt_step(q, p, g, m1, m2, decayed);
    if (n > 0) *s1 = m1;
    if (n > 1) *s2 = m2;
    return r;
}

__device__ __forceinline__ bool is_weight(const Net& net, long long j) {
    for (int l = 0; l < net.L; l++) if (j >= net.st[l].wOff && j < net.st[l].bOff) return true; // -1, -1 for pooling
    return false;
}

// (L2/2) sum p^2 + L1 sum |p| over the decayed parameters (Mlp.Penalty), summed across the block
__device__ double penalty(const Net& net, const float* p, long long P, const float* fs, const int* is, double* scratch) {
    float l2 = fs[F_L2], l1 = fs[F_L1];
    bool decayBiases = is[I_DECAY_BIASES] != 0;
    double v = 0.0;
    if (l2 != 0.0f || l1 != 0.0f)
        for (long long j = threadIdx.x; j < P; j += COHORT_THREADS)
            if (decayBiases || is_weight(net, j)) v += 0.5 * l2 * (double)p[j] * p[j] + l1 * fabs((double)p[j]);
    return block_sum(v, scratch);
}
