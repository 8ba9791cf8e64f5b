using System.Runtime.CompilerServices;

namespace Harness.Engine;

/// <summary>
/// A 2-D convolution layer on the CPU: im2col, then the Vector512 GEMM kernels of the dense layer.
/// <para>
/// Shapes (channels-last): x: (B, H, W, C), w: (F, K·K·C) with each row ordered (ky, kx, c), b: (F)
/// -> y: (B, OH, OW, F). Letters: F = filters, K = kernel size, P = OH·OW output positions, D = K·K·C, Dp = D
/// rounded up to 16 (the im2col rows and a padded copy of w are zero beyond D, so the kernels never run a
/// scalar tail). cols: (B·P, Dp), row (b, oy, ox) = the input window under output pixel (oy, ox) of example b.
/// </para>
/// Forward and the input gradient run over examples in parallel on the ops' worker pool; the weight gradient
/// is one product (IOps.LinearBackwardParameters) over all B·P rows. Every output element is computed by the
/// same instruction sequence whatever the split, so results do not depend on the thread count.
/// </summary>
internal sealed unsafe class Conv2d
{
    private readonly PlannedLayer _layer;
    private readonly int _k, _stride, _filters, _d, _dp, _positions;
    private readonly IOps _ops;
    private readonly WorkerPool? _pool;
    private readonly float[] _cols, _wPad, _dwPad;
    private readonly int[] _ks, _offsets;
    private readonly Job _job = new();

    public Conv2d(PlannedLayer layer, IOps ops, WorkerPool? pool, int maxBatch)
    {
        var spec = (ConvLayer)layer.Spec;
        _layer = layer;
        _k = spec.Size; _stride = spec.Stride; _filters = spec.Filters;
        _d = _k * _k * layer.In.Channels;
        _dp = (_d + 15) & ~15;
        _positions = layer.Out.Height * layer.Out.Width;
        _ops = ops;
        _pool = pool;
        _cols = new float[(long)maxBatch * _positions * _dp <= int.MaxValue ? maxBatch * _positions * _dp : throw new ArgumentException($"conv layer {spec.Text}: the im2col buffer of {maxBatch} examples exceeds 2^31 floats; use a smaller batch_size")];
        _wPad = new float[_filters * _dp];
        _dwPad = new float[_filters * _dp];
        _ks = new int[Gemm.ChunkCount(_dp) * _filters];
        _offsets = new int[Gemm.ChunkCount(_dp) + 1];
    }

    /// <summary>x: (B, H, W, C), w: (F, D), b: (F) -> y: (B, OH, OW, F) pre-activations. Overwrites y; keeps cols for <see cref="Backward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, int batch)
    {
        PadWeights(w);
        fixed (float* px = x, pw = _wPad, pb = b, py = y, pc = _cols)
        {
            _job.Set(this, Mode.Forward, px, pw, pb, py, pc, null, null);
            Run(batch);
        }
    }

    /// <summary>
    /// After <see cref="Forward"/> on the same batch. dy: (B, OH, OW, F) = ∂L/∂y -> dw: (F, D), db: (F) (overwritten)
    /// and, when <paramref name="dx"/> is not empty, dx: (B, H, W, C) = ∂L/∂x (overwritten). Uses cols, then reuses
    /// its buffer for the column gradient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(ReadOnlySpan<float> dy, Span<float> dw, Span<float> db, Span<float> dx, int batch)
    {
        int rows = batch * _positions;
        // dw = dyᵀ·cols over all B·P rows (padded columns give zeros, dropped when copying back).
        _ops.LinearBackwardParameters(dy[..(rows * _filters)], _cols.AsSpan(0, rows * _dp), _dwPad, db, rows, _dp, _filters);
        for (int f = 0; f < _filters; f++) _dwPad.AsSpan(f * _dp, _d).CopyTo(dw.Slice(f * _d, _d));
        if (dx.IsEmpty) return;
        fixed (float* pdy = dy, pw = _wPad, pc = _cols, pdx = dx)
        fixed (int* ks = _ks, offsets = _offsets)
        {
            Gemm.ListNonZero(pw, _filters, _dp, sparse: false, ks, offsets);
            _job.Set(this, Mode.InputGradient, null, pw, null, pdy, pc, pdx, null);
            _job.Lists(ks, offsets);
            Run(batch);
        }
    }

    private void PadWeights(ReadOnlySpan<float> w)
    {
        for (int f = 0; f < _filters; f++) w.Slice(f * _d, _d).CopyTo(_wPad.AsSpan(f * _dp, _d)); // columns D..Dp stay 0
    }

    private void Run(int batch)
    {
        if (_pool is null || _pool.Threads == 1 || batch < 2) _job.Run(0, batch);
        else _pool.Run(_job, batch, 1);
    }

    // Examples [b0, b1): im2col, then y rows = cols rows · wPadᵀ + b.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardRange(float* x, float* w, float* b, float* y, float* cols, int b0, int b1)
    {
        int inSize = _layer.In.Size;
        for (int e = b0; e < b1; e++) Im2Col(x + (long)e * inSize, cols + (long)e * _positions * _dp);
        long r0 = (long)b0 * _positions;
        Gemm.DotRows(cols + r0 * _dp, w, b, y + r0 * _filters, (b1 - b0) * _positions, _dp, _filters, 0, _filters);
    }

    // Examples [b0, b1): dcols rows = dy rows · wPad (into the cols buffer), then col2im into dx.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InputGradientRange(float* dy, float* w, float* cols, float* dx, int* ks, int* offsets, int b0, int b1)
    {
        int m0 = b0 * _positions, m1 = b1 * _positions;
        Gemm.CombineRows(dy, _filters, 1, w, cols, _filters, _dp, m0, m1, ks, offsets);
        int inSize = _layer.In.Size;
        for (int e = b0; e < b1; e++) Col2Im(cols + (long)e * _positions * _dp, dx + (long)e * inSize);
    }

    // x: (H, W, C) one example -> cols: (P, Dp). Overwrites. Plain pointer loops: rows are short (K·C floats),
    // where span slicing and CopyTo cost more than the copy itself.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Im2Col(float* x, float* cols)
    {
        var (inp, outp) = (_layer.In, _layer.Out);
        int c = inp.Channels, rowLen = _k * c;
        for (int oy = 0; oy < outp.Height; oy++)
            for (int ox = 0; ox < outp.Width; ox++)
            {
                float* row = cols + (long)(oy * outp.Width + ox) * _dp;
                int y0 = oy * _stride - _layer.PadTop, x0 = ox * _stride - _layer.PadLeft;
                int j0 = Math.Max(0, -x0) * c, j1 = Math.Max(j0, Math.Min(_k, inp.Width - x0) * c);
                for (int ky = 0; ky < _k; ky++)
                {
                    float* dst = row + ky * rowLen;
                    int iy = y0 + ky;
                    if (iy < 0 || iy >= inp.Height) { for (int j = 0; j < rowLen; j++) dst[j] = 0f; continue; }
                    float* src = x + ((long)iy * inp.Width + x0) * c;
                    int j2 = 0;
                    for (; j2 < j0; j2++) dst[j2] = 0f;
                    for (; j2 < j1; j2++) dst[j2] = src[j2];
                    for (; j2 < rowLen; j2++) dst[j2] = 0f;
                }
                for (int j = _d; j < _dp; j++) row[j] = 0f;
            }
    }

    // cols: (P, Dp) column gradient of one example -> dx: (H, W, C) = the sum of every window's share. Overwrites dx.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Col2Im(float* cols, float* dx)
    {
        var (inp, outp) = (_layer.In, _layer.Out);
        int c = inp.Channels, rowLen = _k * c;
        new Span<float>(dx, inp.Size).Clear();
        for (int oy = 0; oy < outp.Height; oy++)
            for (int ox = 0; ox < outp.Width; ox++)
            {
                float* row = cols + (long)(oy * outp.Width + ox) * _dp;
                int y0 = oy * _stride - _layer.PadTop, x0 = ox * _stride - _layer.PadLeft;
                int j0 = Math.Max(0, -x0) * c, j1 = Math.Min(_k, inp.Width - x0) * c;
                if (j1 <= j0) continue;
                for (int ky = 0; ky < _k; ky++)
                {
                    int iy = y0 + ky;
                    if (iy < 0 || iy >= inp.Height) continue;
                    float* target = dx + ((long)iy * inp.Width + x0) * c, src = row + ky * rowLen;
                    for (int j = j0; j < j1; j++) target[j] += src[j];
                }
            }
    }

    private enum Mode { Forward, InputGradient }

    private sealed class Job : IRangeJob
    {
        private Conv2d _owner = null!;
        private Mode _mode;
        private float* _x, _w, _b, _y, _cols, _dx;
        private int* _ks, _offsets;

        public void Set(Conv2d owner, Mode mode, float* x, float* w, float* b, float* y, float* cols, float* dx, int* ks)
        { _owner = owner; _mode = mode; _x = x; _w = w; _b = b; _y = y; _cols = cols; _dx = dx; _ks = ks; }

        public void Lists(int* ks, int* offsets) { _ks = ks; _offsets = offsets; }

        public void Run(int start, int end)
        {
            if (_mode == Mode.Forward) _owner.ForwardRange(_x, _w, _b, _y, _cols, start, end);
            else _owner.InputGradientRange(_y, _w, _cols, _dx, _ks, _offsets, start, end);
        }
    }
}
