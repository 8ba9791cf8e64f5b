using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Harness.Engine;

/// <summary>
/// Max or average pooling on the CPU, per channel, over whole windows.
/// Shapes (channels-last): x: (B, H, W, C) -> y: (B, OH, OW, C), OH = (H − S)/T + 1 for window S and stride T.
/// Max pooling remembers which input each output took (the first maximum of its window) and sends the gradient
/// there; average pooling spreads it evenly over the window. Overlapping windows (T &lt; S) accumulate.
/// Examples run in parallel on the ops' worker pool. Max pooling compares 16 neighbouring channels at a time, and
/// with AVX2 the last 1-8 under masks, lane by lane as the scalar loop does.
/// </summary>
internal sealed unsafe class Pool2d : IRangeJob
{
    private readonly PlannedLayer _layer;
    private readonly PoolLayer _spec;
    private readonly WorkerPool? _pool;
    private readonly int[] _argmax;
    private float* _x, _y;
    private int* _arg;
    private bool _backward;

    public Pool2d(PlannedLayer layer, WorkerPool? pool, int maxBatch)
    {
        _layer = layer;
        _spec = (PoolLayer)layer.Spec;
        _pool = pool;
        _argmax = _spec.Kind == PoolKind.Max ? new int[maxBatch * layer.Out.Size] : [];
    }

    /// <summary>x: (B, H, W, C) -> y: (B, OH, OW, C). Overwrites y.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        fixed (float* px = x, py = y)
        fixed (int* pa = _argmax) { _x = px; _y = py; _arg = pa; _backward = false; Run(batch); }
    }

    /// <summary>After <see cref="Forward"/> on the same batch: dy: (B, OH, OW, C) -> dx: (B, H, W, C) = ∂L/∂x. Overwrites dx.</summary>
    public void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        fixed (float* pdy = dy, pdx = dx)
        fixed (int* pa = _argmax) { _y = pdy; _x = pdx; _arg = pa; _backward = true; Run(batch); }
    }

    private void Run(int batch)
    {
        if (_pool is null || _pool.Threads == 1 || batch < 2) Run(0, batch);
        else _pool.Run(this, batch, 1);
    }

    public void Run(int start, int end)
    {
        for (int e = start; e < end; e++)
        {
            float* x = _x + (long)e * _layer.In.Size, y = _y + (long)e * _layer.Out.Size;
            int* arg = _arg is null ? null : _arg + (long)e * _layer.Out.Size;
            if (_backward) BackwardOne(y, x, arg);
            else ForwardOne(x, y, arg);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardOne(float* x, float* y, int* arg)
    {
        var (inp, outp) = (_layer.In, _layer.Out);
        int c = inp.Channels, s = _spec.Size, t = _spec.Stride;
        bool max = _spec.Kind == PoolKind.Max;
        for (int oy = 0; oy < outp.Height; oy++)
            for (int ox = 0; ox < outp.Width; ox++)
            {
                int o = (oy * outp.Width + ox) * c, first = ((oy * t) * inp.Width + ox * t) * c;
                int ch = 0;
                if (max)
                {
                    for (; ch + 16 <= c; ch += 16) MaxWindow16(x, first + ch, y + o + ch, arg + o + ch);
                    if (Avx2.IsSupported)
                        for (; ch < c; ch += 8) MaxWindow8(x, first + ch, y + o + ch, arg + o + ch, Math.Min(8, c - ch));
                }
                for (; ch < c; ch++)
                {
                    if (max) MaxWindow(x, first + ch, y + o + ch, arg + o + ch);
                    else
                    {
                        float sum = 0;
                        for (int ky = 0; ky < s; ky++)
                            for (int kx = 0; kx < s; kx++) sum += x[first + ch + (ky * inp.Width + kx) * c];
                        y[o + ch] = sum * (1f / (s * s));
                    }
                }
            }
    }

    // The window at input index `first` (one channel): its first maximum in row-major order and where it is.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MaxWindow(float* x, int first, float* y, int* arg)
    {
        int c = _layer.In.Channels, rowStep = _layer.In.Width * c, s = _spec.Size;
        int best = first;
        float m = x[first];
        for (int ky = 0; ky < s; ky++)
            for (int kx = 0, i = first + ky * rowStep; kx < s; kx++, i += c)
                if (x[i] > m) { m = x[i]; best = i; }
        *y = m;
        *arg = best;
    }

    // MaxWindow for 16 neighbouring channels at once, lane by lane the same comparisons.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MaxWindow16(float* x, int first, float* y, int* arg)
    {
        int c = _layer.In.Channels, rowStep = _layer.In.Width * c, s = _spec.Size;
        var lanes = Vector512<int>.Indices;
        var m = Vector512.Load(x + first);
        var best = Vector512.Create(first) + lanes;
        for (int ky = 0; ky < s; ky++)
            for (int kx = 0, i = first + ky * rowStep; kx < s; kx++, i += c)
            {
                var v = Vector512.Load(x + i);
                var greater = Vector512.GreaterThan(v, m);
                m = Vector512.ConditionalSelect(greater, v, m);
                best = Vector512.ConditionalSelect(greater.AsInt32(), Vector512.Create(i) + lanes, best);
            }
        m.Store(y);
        best.Store(arg);
    }

    // MaxWindow for the last 1-8 channels: AVX masked loads and stores touch only the first `count` lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MaxWindow8(float* x, int first, float* y, int* arg, int count)
    {
        int c = _layer.In.Channels, rowStep = _layer.In.Width * c, s = _spec.Size;
        var lanes = Vector256<int>.Indices;
        var used = Vector256.LessThan(lanes, Vector256.Create(count));
        var m = Avx.MaskLoad(x + first, used.AsSingle());
        var best = Vector256.Create(first) + lanes;
        for (int ky = 0; ky < s; ky++)
            for (int kx = 0, i = first + ky * rowStep; kx < s; kx++, i += c)
            {
                var v = Avx.MaskLoad(x + i, used.AsSingle());
                var greater = Vector256.GreaterThan(v, m);
                m = Vector256.ConditionalSelect(greater, v, m);
                best = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(i) + lanes, best);
            }
        Avx.MaskStore(y, used.AsSingle(), m);
        Avx2.MaskStore(arg, used, best);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardOne(float* dy, float* dx, int* arg)
    {
        var (inp, outp) = (_layer.In, _layer.Out);
        new Span<float>(dx, inp.Size).Clear();
        if (_spec.Kind == PoolKind.Max)
        {
            for (int o = 0; o < outp.Size; o++) dx[arg[o]] += dy[o];
            return;
        }
        int c = inp.Channels, s = _spec.Size, t = _spec.Stride;
        float scale = 1f / (s * s);
        for (int oy = 0; oy < outp.Height; oy++)
            for (int ox = 0; ox < outp.Width; ox++)
                for (int ch = 0; ch < c; ch++)
                {
                    float g = dy[(oy * outp.Width + ox) * c + ch] * scale;
                    int first = ((oy * t) * inp.Width + ox * t) * c + ch;
                    for (int ky = 0; ky < s; ky++)
                        for (int kx = 0; kx < s; kx++) dx[first + (ky * inp.Width + kx) * c] += g;
                }
    }
}
