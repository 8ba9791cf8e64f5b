// Convolution and pooling stages of cohort_epoch (included by cohort.cu after its dense layers; it uses Net, Stage,
// Opt, act_forward, opt_update and store_input_grad from there). The CPU engine is the specification:
// src/Harness.Engine/Layers/Conv2d.cs (im2col + GEMM there; direct sums here) and Layers/Pool2d.cs.
//
// Shapes, channels-last as on the CPU: x (rows, H, W, C) -> y (rows, OH, OW, F); a convolution's W is (F, K, K, C),
// row f ordered (ky, kx, c), b is (F). Input pixel (iy, ix) of output pixel (oy, ox) at kernel tap (ky, kx) is
// iy = oy * stride - padT + ky, ix = ox * stride - padL + kx; taps outside the image read zeros (padding).
// Every output element is one thread's sum, so nothing here needs atomics and a run repeats bit for bit.

// Element idx of rows of H x W x C images, channels-last -> its row r, its index within the row, pixel (y, x), channel c
struct ImageAt {
    int r, rem, y, x, c;
};

__device__ __forceinline__ ImageAt image_at(int idx, int H, int W, int C) {
    ImageAt e;
    int size = H * W * C;
    e.r = idx / size;
    e.rem = idx - e.r * size;
    int pixel = e.rem / C;
    e.c = e.rem - pixel * C;
    e.y = pixel / W;
    e.x = pixel - e.y * W;
    return e;
}

// True when conv_forward gives stage s a warp per tile (conv_forward_warp, lanes over the channels, W read as stored):
// its channel count is a multiple of 32. Otherwise a thread per pixel reads conv_transpose's copy.
__device__ __forceinline__ bool conv_forward_by_warps(const Stage& s) { return s.inC % 32 == 0; }

// W (F, K, K, C) of convolution stage l -> net.part as (K, K, C, F), so conv_forward's threads, which take
// consecutive filters, read consecutive weights. The part region holds a convolution's partial gradient sums only
// between its backward phases, and at least F x K x K x C floats (CohortPlan sizes it), so the copy fits there.
// Nothing to do when conv_forward goes by warps: conv_forward_warp reads W as stored.
__device__ void conv_transpose(const Net& net, int l, const float* par, float* work) {
    const Stage& s = net.st[l];
    if (conv_forward_by_warps(s)) return;
    int D = s.k * s.k * s.inC, F = s.outC, n = F * D;
    const float* w = par + s.wOff;
    float* t = work + net.part;
    for (int idx = group_rank(net); idx < n; idx += net.stride) {
        int q = idx / F, f = idx - q * F;
        t[idx] = w[(long long)f * D + q];
    }
}

// Filters a conv_forward thread sums at once when the filter count allows: each input value it loads serves all of
// them, and their weights (consecutive in the transposed copy) sit at fixed offsets
#define CONV_FILTERS 4

// Output pixel (r, oy, ox), filters f .. f + NF - 1 of convolution stage l, from in and the transposed weights wt:
// z (and a = f(z)) stored at idx .. idx + NF - 1. Each sum runs over the taps inside the image in (ky, kx, c) order.
template <int NF>
__device__ __forceinline__ void conv_forward_pixel(const Net& net, const Stage& s, const float* in, const float* wt,
                                                   const float* b, float* work, int r, int oy, int ox, int f, int idx) {
    int y0 = oy * s.stride - s.padT, x0 = ox * s.stride - s.padL, F = s.outC, C = s.inC;
    const float* x = in + (long long)r * s.in;
    float acc[NF];
#pragma unroll
    for (int u = 0; u < NF; u++) acc[u] = 0.0f;
    for (int ky = 0; ky < s.k; ky++) {
        int iy = y0 + ky;
        if (iy < 0 || iy >= s.inH) continue;
        for (int kx = 0; kx < s.k; kx++) {
            int ix = x0 + kx;
            if (ix < 0 || ix >= s.inW) continue;
            const float* xp = x + ((long long)iy * s.inW + ix) * C;
            const float* wp = wt + (long long)(ky * s.k + kx) * C * F + f;
            for (int c = 0; c < C; c++, wp += F) {
                float xv = xp[c];
#pragma unroll
                for (int u = 0; u < NF; u++) acc[u] += wp[u] * xv;
            }
        }
    }
#pragma unroll
    for (int u = 0; u < NF; u++) {
        float z = acc[u] + b[f + u];
        work[s.z + idx + u] = z;
        work[s.a + idx + u] = act_forward(net.hidden, net.slope, z);
    }
}

// A warp's tile in conv_forward_warp: CONVW_PIXELS consecutive output pixels by CONVW_FILTERS filters
#define CONVW_PIXELS 4
#define CONVW_FILTERS 8

// Output pixels q0 .. q0 + pcnt - 1 (flattened over rows, OH, OW) by filters f0 .. f0 + fcnt - 1 of convolution stage l,
// summed by one warp when C is a multiple of 32: lane c takes channels c, c + 32, ..., so each tap's input pixel and
// each filter's weights (W as stored, (F, K, K, C)) are read by coalesced loads, and every lane keeps
// CONVW_FILTERS x CONVW_PIXELS sums: each input it loads serves the tile's filters and each weight its pixels. Taps
// outside the image read zeros; pixels and filters past the tile's counts repeat the last (no conditions in the loop)
// and are dropped. WarpHalve leaves each sum's total on one lane, which stores z and a.
__device__ __forceinline__ void conv_forward_warp(const Net& net, const Stage& s, const float* in, const float* w,
                                                  const float* b, float* work, int q0, int pcnt, int f0, int fcnt) {
    enum { NP = CONVW_PIXELS, NF = CONVW_FILTERS };
    int lane = threadIdx.x & 31, C = s.inC, D = s.k * s.k * C, pixels = s.outH * s.outW;
    const float* xr[NP];
    int y0[NP], x0[NP];
#pragma unroll
    for (int p = 0; p < NP; p++) {
        int q = q0 + min(p, pcnt - 1), r = q / pixels, rem = q - r * pixels, oy = rem / s.outW;
        xr[p] = in + (long long)r * s.in + lane;
        y0[p] = oy * s.stride - s.padT;
        x0[p] = (rem - oy * s.outW) * s.stride - s.padL;
    }
    const float* wr[NF];
#pragma unroll
    for (int f = 0; f < NF; f++) wr[f] = w + (long long)(f0 + min(f, fcnt - 1)) * D + lane;
    float acc[NF * NP];
#pragma unroll
    for (int k = 0; k < NF * NP; k++) acc[k] = 0.0f;
    for (int ky = 0; ky < s.k; ky++)
        for (int kx = 0; kx < s.k; kx++) {
            int at[NP]; // the tap's input pixel of each output pixel (as channels-last offset), or -1 outside the image
#pragma unroll
            for (int p = 0; p < NP; p++) {
                int iy = y0[p] + ky, ix = x0[p] + kx;
                at[p] = iy >= 0 && iy < s.inH && ix >= 0 && ix < s.inW ? (iy * s.inW + ix) * C : -1;
            }
            int tap = (ky * s.k + kx) * C;
            for (int c = 0; c < C; c += 32) {
                float xv[NP], wv[NF];
#pragma unroll
                for (int p = 0; p < NP; p++) xv[p] = at[p] >= 0 ? xr[p][at[p] + c] : 0.0f;
#pragma unroll
                for (int f = 0; f < NF; f++) wv[f] = wr[f][tap + c];
#pragma unroll
                for (int f = 0; f < NF; f++)
#pragma unroll
                    for (int p = 0; p < NP; p++) acc[f * NP + p] += wv[f] * xv[p];
            }
        }
    int slot = 0, real = NF * NP;
    WarpHalve<NF * NP, 16>::run(acc, lane, &slot, &real);
    int f = slot / NP, p = slot - f * NP;
    if (real > 0 && f < fcnt && p < pcnt) {
        long long idx = (long long)(q0 + p) * s.outC + f0 + f;
        float z = acc[0] + b[f0 + f];
        work[s.z + idx] = z;
        work[s.a + idx] = act_forward(net.hidden, net.slope, z);
    }
}

// in: (rows, H, W, C) -> z: (rows, OH, OW, F) = the convolution plus bias, a = f(z). C a multiple of 32: a warp per
// tile of CONVW_PIXELS output pixels by CONVW_FILTERS filters (conv_forward_warp, W as stored). Otherwise, with the
// weights as conv_transpose left them: a thread per output pixel and CONV_FILTERS consecutive filters (a warp's
// threads read consecutive weights), or per output element when F is not a multiple of CONV_FILTERS. Overwrites z
// and a.
__device__ void conv_forward(const Net& net, int l, const float* in, const float* par, float* work, int rows) {
    const Stage& s = net.st[l];
    const float* b = par + s.bOff;
    if (conv_forward_by_warps(s)) {
        int total = rows * s.outH * s.outW, tilesP = (total + CONVW_PIXELS - 1) / CONVW_PIXELS;
        int tilesF = (s.outC + CONVW_FILTERS - 1) / CONVW_FILTERS;
        for (int item = group_rank(net) >> 5; item < tilesP * tilesF; item += net.stride >> 5) { // the same on every lane
            int tp = item / tilesF, f0 = (item - tp * tilesF) * CONVW_FILTERS, q0 = tp * CONVW_PIXELS;
            conv_forward_warp(net, s, in, par + s.wOff, b, work, q0, min(CONVW_PIXELS, total - q0), f0,
                              min(CONVW_FILTERS, s.outC - f0));
        }
        return;
    }
    const float* wt = work + net.part;
    int nf = s.outC % CONV_FILTERS == 0 ? CONV_FILTERS : 1, n = rows * s.out / nf;
    for (int t = group_rank(net); t < n; t += net.stride) {
        int idx = t * nf;
        ImageAt o = image_at(idx, s.outH, s.outW, s.outC);
        if (nf == CONV_FILTERS) conv_forward_pixel<CONV_FILTERS>(net, s, in, wt, b, work, o.r, o.y, o.x, o.c, idx);
        else conv_forward_pixel<1>(net, s, in, wt, b, work, o.r, o.y, o.x, o.c, idx);
    }
}

// in: (rows, H, W, C) -> a: (rows, OH, OW, C), the max (the first maximum of the window, in (ky, kx) order, whose
// index within the example is kept in mask as int bits) or the mean of each window. Overwrites a (and mask).
__device__ void pool_forward(const Net& net, int l, const float* in, float* work, int rows) {
    const Stage& s = net.st[l];
    int n = rows * s.out, C = s.inC;
    bool isMax = s.kind == STAGE_MAX_POOL;
    float scale = 1.0f / (s.k * s.k);
    for (int idx = group_rank(net); idx < n; idx += net.stride) {
        ImageAt o = image_at(idx, s.outH, s.outW, C);
        int r = o.r, ch = o.c, oy = o.y, ox = o.x;
        const float* x = in + (long long)r * s.in;
        int first = ((oy * s.stride) * s.inW + ox * s.stride) * C + ch;
        if (isMax) {
            int best = first;
            for (int ky = 0; ky < s.k; ky++)
                for (int kx = 0; kx < s.k; kx++) {
                    int i = first + (ky * s.inW + kx) * C;
                    if (x[i] > x[best]) best = i;
                }
            work[s.a + idx] = x[best];
            work[s.mask + idx] = __int_as_float(best);
        } else {
            float sum = 0.0f;
            for (int ky = 0; ky < s.k; ky++)
                for (int kx = 0; kx < s.k; kx++) sum += x[first + (ky * s.inW + kx) * C];
            work[s.a + idx] = sum * scale;
        }
    }
}

// Input channels a conv_input_grad thread sums at once when the channel count allows: each gradient it loads serves all
// of them, and their weights are consecutive
#define CONV_CHANNELS 4

// Input pixel (r, iy, ix), channels c .. c + NC - 1 of convolution stage l: the sum over every output pixel and filter
// whose window covers it of dz W, in (ky, kx, f) order, through store_input_grad at idx .. idx + NC - 1
template <int NC>
__device__ __forceinline__ void conv_input_grad_pixel(const Net& net, int l, const float* dz, const float* w, float* work,
                                                      int r, int iy, int ix, int c, long long idx, float rate) {
    const Stage& s = net.st[l];
    int D = s.k * s.k * s.inC, F = s.outC;
    const float* d = dz + (long long)r * s.out;
    float acc[NC];
#pragma unroll
    for (int u = 0; u < NC; u++) acc[u] = 0.0f;
    for (int ky = 0; ky < s.k; ky++) {
        int ty = iy + s.padT - ky;
        if (ty < 0 || ty % s.stride != 0 || ty / s.stride >= s.outH) continue;
        int oy = ty / s.stride;
        for (int kx = 0; kx < s.k; kx++) {
            int tx = ix + s.padL - kx;
            if (tx < 0 || tx % s.stride != 0 || tx / s.stride >= s.outW) continue;
            int ox = tx / s.stride;
            const float* dp = d + (oy * s.outW + ox) * F;
            const float* wp = w + (ky * s.k + kx) * s.inC + c;
            for (int f = 0; f < F; f++, wp += D) {
                float dv = dp[f];
#pragma unroll
                for (int u = 0; u < NC; u++) acc[u] += dv * wp[u];
            }
        }
    }
#pragma unroll
    for (int u = 0; u < NC; u++) store_input_grad(net, l - 1, work, idx + u, acc[u], rate);
}

// dz of convolution stage l: (rows, OH, OW, F) -> the stage below's dz: (rows, H, W, C) = the sum over every output
// pixel and filter whose window covers the input pixel of dz W, through store_input_grad: a thread per input pixel and
// CONV_CHANNELS consecutive channels, or per input element when C is not a multiple of CONV_CHANNELS. Reads W before
// its update.
__device__ void conv_input_grad(const Net& net, int l, const float* par, float* work, int rows, float rate) {
    const Stage& s = net.st[l];
    const float* dz = work + s.dz;
    const float* w = par + s.wOff;
    int nc = s.inC % CONV_CHANNELS == 0 ? CONV_CHANNELS : 1, n = rows * s.in / nc;
    for (int t = group_rank(net); t < n; t += net.stride) {
        int idx = t * nc;
        ImageAt e = image_at(idx, s.inH, s.inW, s.inC);
        if (nc == CONV_CHANNELS) conv_input_grad_pixel<CONV_CHANNELS>(net, l, dz, w, work, e.r, e.y, e.x, e.c, idx, rate);
        else conv_input_grad_pixel<1>(net, l, dz, w, work, e.r, e.y, e.x, e.c, idx, rate);
    }
}

// dz of pooling stage l: (rows, OH, OW, C) -> the stage below's dz: (rows, H, W, C). Max: each output's gradient goes
// to the input it took; average: spread evenly over its window; overlapping windows add up, in output order.
__device__ void pool_input_grad(const Net& net, int l, float* work, int rows, float rate) {
    const Stage& s = net.st[l];
    const float* dz = work + s.dz;
    int n = rows * s.in, C = s.inC;
    bool isMax = s.kind == STAGE_MAX_POOL;
    float scale = 1.0f / (s.k * s.k);
    for (int idx = group_rank(net); idx < n; idx += net.stride) {
        ImageAt e = image_at(idx, s.inH, s.inW, C);
        int r = e.r, rem = e.rem, ch = e.c, iy = e.y, ix = e.x;
        // windows covering (iy, ix): oy * stride <= iy < oy * stride + k
        int oy0 = iy - s.k + 1 > 0 ? (iy - s.k + 1 + s.stride - 1) / s.stride : 0, oy1 = min(iy / s.stride, s.outH - 1);
        int ox0 = ix - s.k + 1 > 0 ? (ix - s.k + 1 + s.stride - 1) / s.stride : 0, ox1 = min(ix / s.stride, s.outW - 1);
        long long base = (long long)r * s.out;
        float acc = 0.0f;
        for (int oy = oy0; oy <= oy1; oy++)
            for (int ox = ox0; ox <= ox1; ox++) {
                long long o = base + (oy * s.outW + ox) * C + ch;
                if (!isMax) acc += dz[o] * scale;
                else if (__float_as_int(work[s.mask + o]) == rem) acc += dz[o];
            }
        store_input_grad(net, l - 1, work, idx, acc, rate);
    }
}

// A convolution's parameter gradients in two phases, so a few weights with long sums (a first layer's 800 weights,
// each summed over batch x 784 output pixels) keep many threads busy: conv_grad_parts sums each weight's and bias's
// gradient over `parts` slices of the (row, output pixel) pairs into net.part; conv_apply adds each one's slices in
// order and hands the sum to the optimizer (weights always decayed, biases with decay_biases), as dense_update does.

// Slice p of the weight gradients of filters f0 .. f0 + NF - 1 at tap offset q = (ky, kx, c): their sums over the pairs
// [lo, lo + count) (row, output pixel), in pair order, stored at part[(j, p)] (j = f·K·K·C + q, parts slices a weight).
// Each input value loaded serves the NF filters, whose gradients (consecutive in dz) are read at fixed offsets.
template <int NF>
__device__ __forceinline__ void conv_grad_slice(const Stage& s, const float* in, const float* dz, long long lo, int count,
                                                int f0, int q, float* part, int parts, int p) {
    float acc[NF];
    int kc = s.k * s.inC, positions = s.outH * s.outW;
    int r = (int)(lo / positions), pos = (int)(lo - (long long)r * positions);
    int ky = q / kc, kx = (q - ky * kc) / s.inC, c = q - ky * kc - kx * s.inC;
    int oy = pos / s.outW, ox = pos - oy * s.outW;
    const float* d = dz + (long long)r * s.out;
    const float* x = in + (long long)r * s.in + c;
    // the input pixel of output pixel (oy, ox) at this tap is (iy, ix); both, and the offsets of their values, step
    // with the output pixel: no division per pair
    int H = s.inH, W = s.inW, C = s.inC, F = s.outC, OW = s.outW, OH = s.outH, st = s.stride;
    int iy0 = ky - s.padT, ix0 = kx - s.padL, iy = oy * st + iy0, ix = ox * st + ix0;
    int xrow = (iy * W + ix0) * C, xo = xrow + (ix - ix0) * C;
    const float* dp = d + pos * F + f0;
#pragma unroll
    for (int u = 0; u < NF; u++) acc[u] = 0.0f;
    for (int t = 0; t < count; t++) {
        if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
            float xv = x[xo];
#pragma unroll
            for (int u = 0; u < NF; u++) acc[u] += dp[u] * xv;
        }
        dp += F;
        ix += st;
        xo += st * C;
        if (++ox == OW) {
            ox = 0;
            ix = ix0;
            iy += st;
            xrow += st * W * C;
            if (++oy == OH) {
                oy = 0;
                iy = iy0;
                xrow = (iy0 * W + ix0) * C;
                d += s.out;
                x += s.in;
                dp = d + f0;
            }
            xo = xrow;
        }
    }
    int D = s.k * kc;
#pragma unroll
    for (int u = 0; u < NF; u++) part[(long long)((f0 + u) * D + q) * parts + p] = acc[u];
}

// Filters a conv_grad_parts thread sums at once when the filter count allows and the slices still give every thread of
// the group work (each input value it loads then serves all of them)
#define CONV_GRAD_FILTERS 8

// dz: (rows, OH, OW, F), in: (rows, H, W, C) -> part[(j, p)] = slice p of gW[j] (j = (f, ky, kx, c)) or of gb[f]
// (j = F·K·K·C + f), over the pairs t = r·OH·OW + pixel in [p·T/parts, (p+1)·T/parts), T = rows·OH·OW. A thread sums
// one slice of nf weights at the same tap, filters f0 .. f0 + nf - 1 (conv_grad_slice; nf = CONV_GRAD_FILTERS, 4 or 1:
// the most the filter count divides while there are at least as many such items as threads), or of one bias. Each
// weight's slice is summed in pair order whatever nf is.
__device__ void conv_grad_parts(const Net& net, int l, const float* in, float* work, int rows, int parts) {
    const Stage& s = net.st[l];
    const float* dz = work + s.dz;
    int D = s.k * s.k * s.inC, positions = s.outH * s.outW, F = s.outC;
    int nw = F * D;
    int nf = F % CONV_GRAD_FILTERS == 0 && (long long)(nw / CONV_GRAD_FILTERS) * parts >= net.stride ? CONV_GRAD_FILTERS
             : F % 4 == 0 && (long long)(nw / 4) * parts >= net.stride                                ? 4
                                                                                                       : 1;
    int groups = nw / nf, n = (groups + F) * parts;
    long long total = (long long)rows * positions;
    // threads take consecutive items within a slice: a warp's lanes then read consecutive inputs (channels) and the
    // same gradients (filters), rather than one weight's slices far apart
    for (int idx = group_rank(net); idx < n; idx += net.stride) {
        int p = idx / (groups + F), g = idx - p * (groups + F);
        long long lo = total * p / parts, hi = total * (p + 1) / parts;
        int count = (int)(hi - lo);
        float* part = work + net.part;
        if (g < groups) {
            int fg = g / D, q = g - fg * D, f0 = fg * nf;
            if (nf == CONV_GRAD_FILTERS) conv_grad_slice<CONV_GRAD_FILTERS>(s, in, dz, lo, count, f0, q, part, parts, p);
            else if (nf == 4) conv_grad_slice<4>(s, in, dz, lo, count, f0, q, part, parts, p);
            else conv_grad_slice<1>(s, in, dz, lo, count, f0, q, part, parts, p);
        } else {
            int f = g - groups, r = (int)(lo / positions), pos = (int)(lo - (long long)r * positions);
            const float* d = dz + (long long)r * s.out;
            float acc = 0.0f;
            for (int t = 0; t < count; t++) {
                acc += d[pos * F + f];
                if (++pos == positions) { pos = 0; d += s.out; }
            }
            part[(long long)(nw + f) * parts + p] = acc;
        }
    }
}

// part (from conv_grad_parts) -> each weight and bias of convolution stage l after one optimizer step
__device__ void conv_apply(const Net& net, int l, float* par, float* s1, float* s2, const float* work, int parts, const Opt& q) {
    const Stage& s = net.st[l];
    int nw = s.outC * s.k * s.k * s.inC, n = nw + s.outC;
    for (int j = group_rank(net); j < n; j += net.stride) {
        const float* part = work + net.part + (long long)j * parts;
        float g = 0.0f;
        for (int p = 0; p < parts; p++) g += part[p];
        long long at = j < nw ? s.wOff + j : s.bOff + (j - nw);
        par[at] = opt_update(q, par[at], g, s1 + at, s2 + at, j < nw || q.decayBiases);
    }
}
