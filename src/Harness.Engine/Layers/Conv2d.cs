using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
/// <para>
/// The forward product takes one of two forms. With a multiple of 16 filters, each output row is a sum of rows of
/// wᵀ (D, F), one per input column, 16 filters to a vector (Gemm.CombineRows, then the bias); otherwise each output
/// is a dot product of a cols row and a filter (Gemm.DotRows), whose horizontal sums cost more than the short
/// rows' multiply-adds but suit a few filters.
/// </para>
/// </summary>
internal sealed unsafe class Conv2d
{
    private readonly PlannedLayer _layer;
    private readonly int _filters, _d, _dp, _positions;
    private readonly IOps _ops;
    private readonly WorkerPool? _pool;
    private readonly float[] _cols, _wPad, _dwPad, _wT;
    private readonly Im2Col _im2col;
    private readonly Job _job = new();

    public Conv2d(PlannedLayer layer, IOps ops, WorkerPool? pool, int maxBatch)
    {
        var spec = (ConvLayer)layer.Spec;
        _layer = layer;
        _filters = spec.Filters;
        _im2col = new Im2Col(layer);
        _d = _im2col.D;
        _dp = _im2col.Dp;
        _positions = layer.Out.Height * layer.Out.Width;
        _ops = ops;
        _pool = pool;
        _cols = new float[(long)maxBatch * _positions * _dp <= int.MaxValue ? maxBatch * _positions * _dp : throw new ArgumentException($"conv layer {spec.Text}: the im2col buffer of {maxBatch} examples exceeds 2^31 floats; use a smaller batch_size")];
        _wPad = new float[_filters * _dp];
        _dwPad = new float[_filters * _dp];
        _wT = _filters % 16 == 0 ? new float[_d * _filters] : [];
    }

    /// <summary>x: (B, H, W, C), w: (F, D), b: (F) -> y: (B, OH, OW, F) pre-activations. Overwrites y; keeps cols for <see cref="Backward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, int batch)
    {
        PadWeights(w);
        bool rowsOfFilters = _wT.Length > 0;
        if (rowsOfFilters)
            for (int f = 0; f < _filters; f++)
                for (int k = 0; k < _d; k++) _wT[k * _filters + f] = w[f * _d + k];
        fixed (float* px = x, pw = rowsOfFilters ? _wT : _wPad, pb = b, py = y, pc = _cols)
        {
            _job.Set(this, Mode.Forward, px, pw, pb, py, pc, null);
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
        {
            _job.Set(this, Mode.InputGradient, null, pw, null, pdy, pc, pdx);
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

    // Examples [b0, b1): im2col, then y rows = cols rows · wPadᵀ + b, or (w = wᵀ) Σ_k cols[., k]·wᵀ[k, .] + b.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardRange(float* x, float* w, float* b, float* y, float* cols, int b0, int b1)
    {
        int inSize = _layer.In.Size;
        for (int e = b0; e < b1; e++) _im2col.Expand(x + (long)e * inSize, cols + (long)e * _positions * _dp);
        long r0 = (long)b0 * _positions;
        int rows = (b1 - b0) * _positions;
        if (_wT.Length == 0)
        {
            Gemm.DotRows(cols + r0 * _dp, w, b, y + r0 * _filters, rows, _dp, _filters, 0, _filters);
            return;
        }
        float* yr = y + r0 * _filters;
        Gemm.CombineRows(cols + r0 * _dp, _dp, 1, w, yr, _d, _filters, 0, rows, sparse: false);
        for (long i = 0, n = (long)rows * _filters; i < n; i += _filters)
            for (int f = 0; f < _filters; f += 16) (Vector512.Load(yr + i + f) + Vector512.Load(b + f)).Store(yr + i + f);
    }

    // Examples [b0, b1): dcols rows = dy rows · wPad (into the cols buffer), then col2im into dx.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InputGradientRange(float* dy, float* w, float* cols, float* dx, int b0, int b1)
    {
        int m0 = b0 * _positions, m1 = b1 * _positions;
        Gemm.CombineRows(dy, _filters, 1, w, cols, _filters, _dp, m0, m1, sparse: false);
        int inSize = _layer.In.Size;
        for (int e = b0; e < b1; e++) _im2col.Fold(cols + (long)e * _positions * _dp, dx + (long)e * inSize);
    }

    private enum Mode { Forward, InputGradient }

    private sealed class Job : IRangeJob
    {
        private Conv2d _owner = null!;
        private Mode _mode;
        private float* _x, _w, _b, _y, _cols, _dx;

        public void Set(Conv2d owner, Mode mode, float* x, float* w, float* b, float* y, float* cols, float* dx)
        { _owner = owner; _mode = mode; _x = x; _w = w; _b = b; _y = y; _cols = cols; _dx = dx; }

        public void Run(int start, int end)
        {
            if (_mode == Mode.Forward) _owner.ForwardRange(_x, _w, _b, _y, _cols, start, end);
            else _owner.InputGradientRange(_y, _w, _cols, _dx, start, end);
        }
    }
}
