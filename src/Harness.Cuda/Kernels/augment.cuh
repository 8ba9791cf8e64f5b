// Augmentation of training batches in cohort_epoch (included by cohort.cu after the data order; it uses Net,
// group_rank and xoshiro_next from there). The CPU engine is the specification: src/Harness.Engine/Augmenting/
// Augmenter.cs draws, per example of the batch in order, a rotation, scale and shift (and uniform elastic fields),
// then Gaussian noise, all from the member's augmentation stream (xoshiro256**, Rng.Stream(seed, 4)), and
// src/Harness.Data/Images/ImageWarp.cs smooths the fields and warps the image bilinearly (pixels from outside are 0).
// Here one thread draws exactly those numbers in that order into the workspace (the draws are sequential by nature),
// then the member's group smooths the fields and warps every pixel, so a member augments its batches as its CPU solo
// run does, up to float rounding.
//
// Images are the data's (net.imgC x imgH x imgW, channels-last; an MLP on MNIST warps 28 x 28 images too).
// Workspace (from net.aug, per row r of the batch): geo (4 doubles: cos(angle)/scale, sin(angle)/scale, shift x,
// shift y), then the fields dx, dy and their half-smoothed copies tx, ty (H x W each), then noise (D).

#define AUG_PI 3.141592653589793

// A member's augmentation settings (MemberSettings.FillAugmentation)
struct Aug {
    double shift, rotation, scale, noise;
    float alpha;
    int radius;          // of the elastic smoothing kernel; 0 = no elastic distortion
    bool geometric, on;
};

__device__ Aug aug_read(const double* ds, const float* fs, const int* is) {
    Aug a;
    a.shift = ds[D_AUG_SHIFT]; a.rotation = ds[D_AUG_ROTATION]; a.scale = ds[D_AUG_SCALE]; a.noise = ds[D_AUG_NOISE];
    a.alpha = fs[F_ELASTIC_ALPHA];
    a.radius = is[I_ELASTIC_RADIUS];
    a.geometric = a.shift > 0.0 || a.rotation > 0.0 || a.scale > 0.0 || a.radius > 0;
    a.on = a.geometric || a.noise > 0.0;
    return a;
}

// Rng.NextDouble: 53 random bits in [0, 1)
__device__ __forceinline__ double xoshiro_double(unsigned long long* s) {
    return (double)(xoshiro_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

// Rng.NextGaussian: Box-Muller, one value per call
__device__ __forceinline__ double xoshiro_gaussian(unsigned long long* s) {
    double u1 = 1.0 - xoshiro_double(s);
    double u2 = xoshiro_double(s);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * AUG_PI * u2);
}

__device__ __forceinline__ int aug_pixels(const Net& net) { return net.imgH * net.imgW; }
__device__ __forceinline__ double* aug_geo(const Net& net, float* work) { return (double*)(work + net.aug); }
// field f: 0 dx, 1 dy, 2 tx, 3 ty
__device__ __forceinline__ float* aug_field(const Net& net, float* work, int f) {
    return work + net.aug + 8LL * net.R + (long long)f * net.R * aug_pixels(net);
}
__device__ __forceinline__ float* aug_noise(const Net& net, float* work) { return aug_field(net, work, 4); }

// One thread: every draw of rows [0, rows) of the batch, in Augmenter.Apply's order. state: the member's four
// augmentation words, advanced.
__device__ void aug_draw(const Net& net, const Aug& a, float* work, int rows, unsigned long long* state) {
    unsigned long long s[4] = { state[0], state[1], state[2], state[3] };
    int hw = aug_pixels(net), D = net.imgC * hw;
    double* geo = aug_geo(net, work);
    float* dx = aug_field(net, work, 0);
    float* dy = aug_field(net, work, 1);
    float* noise = aug_noise(net, work);
    for (int r = 0; r < rows; r++) {
        if (a.geometric) {
            double angle = (2.0 * xoshiro_double(s) - 1.0) * a.rotation * AUG_PI / 180.0;
            double scale = 1.0 + (2.0 * xoshiro_double(s) - 1.0) * a.scale;
            double shiftX = (2.0 * xoshiro_double(s) - 1.0) * a.shift;
            double shiftY = (2.0 * xoshiro_double(s) - 1.0) * a.shift;
            if (a.radius > 0)
                for (int i = 0; i < hw; i++) {
                    dx[(long long)r * hw + i] = (float)(2.0 * xoshiro_double(s) - 1.0);
                    dy[(long long)r * hw + i] = (float)(2.0 * xoshiro_double(s) - 1.0);
                }
            geo[4 * r] = cos(angle) / scale;
            geo[4 * r + 1] = sin(angle) / scale;
            geo[4 * r + 2] = shiftX;
            geo[4 * r + 3] = shiftY;
        }
        if (a.noise > 0.0)
            for (int i = 0; i < D; i++) noise[(long long)r * D + i] = (float)(xoshiro_gaussian(s) * a.noise);
    }
    for (int k = 0; k < 4; k++) state[k] = s[k];
}

// ImageWarp.Smooth, one pass over both fields of rows [0, rows): pass 0 along x (dx, dy -> tx, ty), pass 1 along y
// (tx, ty -> dx, dy, times the elastic strength). taps: 2 radius + 1 normalised Gaussian weights.
__device__ void aug_smooth(const Net& net, const Aug& a, const float* taps, float* work, int rows, int pass) {
    int H = net.imgH, W = net.imgW, hw = H * W, rad = a.radius;
    long long n = 2LL * rows * hw;
    for (long long idx = group_rank(net); idx < n; idx += net.stride) {
        int f = (int)(idx / ((long long)rows * hw));
        long long at = idx - (long long)f * rows * hw;      // r * hw + p
        int p = (int)(at % hw), y = p / W, x = p - y * W;
        const float* src = aug_field(net, work, pass == 0 ? f : f + 2) + (at - p);
        float s = 0.0f;
        if (pass == 0) {
            for (int i = -rad; i <= rad; i++) if ((unsigned)(x + i) < (unsigned)W) s += taps[i + rad] * src[y * W + x + i];
            aug_field(net, work, f + 2)[at] = s;
        } else {
            for (int i = -rad; i <= rad; i++) if ((unsigned)(y + i) < (unsigned)H) s += taps[i + rad] * src[(y + i) * W + x];
            aug_field(net, work, f)[at] = s * a.alpha;
        }
    }
}

// ImageWarp.Add: one bilinear neighbour, skipped when its weight is 0 or it lies outside the image
__device__ __forceinline__ void aug_add(const float* src, int H, int W, int C, int c, int x, int y, float weight, float* acc) {
    if (weight == 0.0f || (unsigned)x >= (unsigned)W || (unsigned)y >= (unsigned)H) return;
    *acc += weight * src[((long long)y * W + x) * C + c];
}

// Value i of augmented row r whose source example is src (D values): warped (ImageWarp.Apply, Sample) when
// geometric, plus its noise.
__device__ float aug_value(const Net& net, const Aug& a, float* work, int r, const float* src, int i) {
    float v;
    if (a.geometric) {
        int H = net.imgH, W = net.imgW, C = net.imgC;
        int p = i / C, c = i - p * C, y = p / W, x = p - y * W;
        const double* g = aug_geo(net, work) + 4 * r;
        double cx = (W - 1) / 2.0, cy = (H - 1) / 2.0;
        double u = x - cx - g[2], w = y - cy - g[3];
        double sx = g[0] * u - g[1] * w + cx, sy = g[1] * u + g[0] * w + cy;
        if (a.radius > 0) {
            long long f = (long long)r * H * W + p;
            sx += aug_field(net, work, 0)[f];
            sy += aug_field(net, work, 1)[f];
        }
        int x0 = (int)floor(sx), y0 = (int)floor(sy);
        float fx = (float)(sx - x0), fy = (float)(sy - y0);
        v = 0.0f;
        aug_add(src, H, W, C, c, x0, y0, (1.0f - fx) * (1.0f - fy), &v);
        aug_add(src, H, W, C, c, x0 + 1, y0, fx * (1.0f - fy), &v);
        aug_add(src, H, W, C, c, x0, y0 + 1, (1.0f - fx) * fy, &v);
        aug_add(src, H, W, C, c, x0 + 1, y0 + 1, fx * fy, &v);
    } else {
        v = src[i];
    }
    if (a.noise > 0.0) v += aug_noise(net, work)[(long long)r * net.imgC * aug_pixels(net) + i];
    return v;
}
