using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Harness.Engine;

/// <summary>
/// The rows of a convolution's product and back: <see cref="Expand"/> writes one example's input windows as rows
/// (im2col), <see cref="Fold"/> adds a column gradient back onto the input (col2im). Shapes (channels-last): x: (H,
/// W, C), cols: (P, Dp), row (oy, ox) = the K x K x C window under output pixel (oy, ox) in (ky, kx, c) order, zero
/// where the window leaves the image and in columns D..Dp.
/// <para>
/// A window row's run of K·C floats is copied with vectors when it is 16 floats or more. Shorter runs (the first
/// layer's K floats of one channel) would spend more on loop control than on the copy, so with AVX2 each cols row
/// is gathered 8 columns at a time from a table of where each column lies in the window, the columns outside the
/// image masked to zero.
/// </para>
/// </summary>
internal sealed unsafe class Im2Col
{
    private readonly PlannedLayer _layer;
    private readonly int _k, _stride, _d, _dp;
    private readonly int[] _offset = [], _ky = [], _kx = [];

    public Im2Col(PlannedLayer layer)
    {
        var spec = (ConvLayer)layer.Spec;
        int k = spec.Size, c = layer.In.Channels, d = k * k * c, dp = (d + 15) & ~15;
        _layer = layer; _k = k; _stride = spec.Stride; _d = d; _dp = dp;
        if (k * c >= 16 || !Avx2.IsSupported) return;
        _offset = new int[dp]; _ky = new int[dp]; _kx = new int[dp];
        for (int j = 0; j < dp; j++)
        {
            // Columns D..Dp sit outside every image (row int.MinValue / 2), so the mask zeroes them.
            int ky = j < d ? j / (k * c) : int.MinValue / 2, kx = j < d ? j / c % k : 0;
            _ky[j] = ky; _kx[j] = kx;
            _offset[j] = j < d ? (ky * layer.In.Width + kx) * c + j % c : 0;
        }
    }

    /// <summary>D = K·K·C, the window's values.</summary>
    public int D => _d;

    /// <summary>Dp = D rounded up to 16, the length of a cols row.</summary>
    public int Dp => _dp;

    /// <summary>x: (H, W, C) one example -> cols: (P, Dp). Overwrites cols.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Expand(float* x, float* cols)
    {
        if (_offset.Length > 0) { Gather(x, cols); return; }
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
                    if (iy < 0 || iy >= inp.Height) { Zero(dst, rowLen); continue; }
                    Zero(dst, j0);
                    Copy(x + ((long)iy * inp.Width + x0) * c + j0, dst + j0, j1 - j0);
                    Zero(dst + j1, rowLen - j1);
                }
                Zero(row + _d, _dp - _d);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(float* x, float* cols)
    {
        var (inp, outp) = (_layer.In, _layer.Out);
        var height = Vector256.Create(inp.Height);
        var width = Vector256.Create(inp.Width);
        fixed (int* offset = _offset, kyOf = _ky, kxOf = _kx)
            for (int oy = 0; oy < outp.Height; oy++)
                for (int ox = 0; ox < outp.Width; ox++)
                {
                    float* row = cols + (long)(oy * outp.Width + ox) * _dp;
                    int y0 = oy * _stride - _layer.PadTop, x0 = ox * _stride - _layer.PadLeft;
                    var top = Vector256.Create(y0);
                    var left = Vector256.Create(x0);
                    var start = Vector256.Create((y0 * inp.Width + x0) * inp.Channels);
                    for (int j = 0; j < _dp; j += 8)
                    {
                        var iy = top + Vector256.Load(kyOf + j);
                        var ix = left + Vector256.Load(kxOf + j);
                        var inside = Vector256.GreaterThanOrEqual(iy, Vector256<int>.Zero) & Vector256.LessThan(iy, height)
                                     & Vector256.GreaterThanOrEqual(ix, Vector256<int>.Zero) & Vector256.LessThan(ix, width);
                        var at = start + Vector256.Load(offset + j);
                        Avx2.GatherMaskVector256(Vector256<float>.Zero, x, at, inside.AsSingle(), 4).Store(row + j);
                    }
                }
    }

    /// <summary>cols: (P, Dp) column gradient of one example -> dx: (H, W, C) = the sum of every window's share. Overwrites dx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fold(float* cols, float* dx)
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
                    float* target = dx + ((long)iy * inp.Width + x0) * c + j0, src = row + ky * rowLen + j0;
                    int n = j1 - j0, j = 0;
                    for (; j + 16 <= n; j += 16) (Vector512.Load(target + j) + Vector512.Load(src + j)).Store(target + j);
                    for (; j < n; j++) target[j] += src[j];
                }
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int n)
    {
        int j = 0;
        for (; j + 16 <= n; j += 16) Vector512.Load(src + j).Store(dst + j);
        for (; j < n; j++) dst[j] = src[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(float* dst, int n)
    {
        int j = 0;
        for (; j + 16 <= n; j += 16) Vector512<float>.Zero.Store(dst + j);
        for (; j < n; j++) dst[j] = 0f;
    }
}
