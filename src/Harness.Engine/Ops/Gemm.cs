using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harness.Engine;

/// <summary>
/// The two matrix-product kernels behind the dense and convolution layers, on raw pointers, Vector512 wide.
/// Every output element is produced by the same sequence of operations whatever block or thread range it falls
/// in (one accumulator per element, chunks of 16 in order, the same horizontal sum and scalar tail), so
/// partitioning output rows across threads never changes a result bit.
/// Kernels skip tiered compilation (AggressiveOptimization): tier-0 code ran 3x slower through the first epoch.
/// </summary>
internal static unsafe class Gemm
{
    private const int V = 16; // floats per Vector512

    /// <summary>
    /// Dot form. x: (B, In), w: (Out, In), bias: (Out) -> y[b, o] = Σ_i x[b,i]·w[o,i] + bias[o] for o in [o0, o1), all b.
    /// Overwrites y: (B, Out).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRows(float* x, float* w, float* bias, float* y, int batch, int input, int output, int o0, int o1)
    {
        // Rows of x in tiles of about TileBytes, each met by every output block while it is in L2: a convolution's
        // im2col rows (thousands per batch) would otherwise stream from memory once per block of 4 filters. Only
        // when this call's weights stay in L2 too: a dense layer's megabytes of w would be read again per tile. Tiles
        // are multiples of 4 rows, so each row meets the same kernel (Dot4x4, or Dot1 in the last rows) as untiled.
        bool tiled = (long)(o1 - o0) * input * sizeof(float) <= WeightBytesInL2;
        int tile = tiled ? Math.Max(4, (TileBytes / (input * sizeof(float))) & ~3) : batch;
        for (int t0 = 0; t0 < batch; t0 += tile)
        {
            int t1 = Math.Min(batch, t0 + tile);
            int o = o0;
            for (; o + 4 <= o1; o += 4)
            {
                int b = t0;
                for (; b + 4 <= t1; b += 4) Dot4x4(x + (long)b * input, w + (long)o * input, bias + o, y + (long)b * output + o, input, output);
                for (; b < t1; b++)
                    for (int j = 0; j < 4; j++) y[(long)b * output + o + j] = Dot1(x + (long)b * input, w + (long)(o + j) * input, input, bias[o + j]);
            }
            for (; o < o1; o++)
                for (int b = t0; b < t1; b++) y[(long)b * output + o] = Dot1(x + (long)b * input, w + (long)o * input, input, bias[o]);
        }
    }

    private const int TileBytes = 192 * 1024, WeightBytesInL2 = 384 * 1024;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(Vector512<float> acc, float* xr, float* wr, int vecEnd, int n, float bias)
    {
        float s = Vector512.Sum(acc);
        for (int i = vecEnd; i < n; i++) s += xr[i] * wr[i];
        return s + bias;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot1(float* xr, float* wr, int n, float bias)
    {
        int vecEnd = n & ~(V - 1);
        var acc = Vector512<float>.Zero;
        for (int i = 0; i < vecEnd; i += V) acc = Vector512.FusedMultiplyAdd(Vector512.Load(xr + i), Vector512.Load(wr + i), acc);
        return Finish(acc, xr, wr, vecEnd, n, bias);
    }

    // 4 examples x 4 output units: 16 accumulators, 8 loads per 16 FMAs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x4(float* x, float* w, float* bias, float* y, int n, int ldy)
    {
        int vecEnd = n & ~(V - 1);
        float* x0 = x, x1 = x + n, x2 = x + 2 * n, x3 = x + 3 * n;
        float* w0 = w, w1 = w + n, w2 = w + 2 * n, w3 = w + 3 * n;
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        for (int i = 0; i < vecEnd; i += V)
        {
            var u0 = Vector512.Load(x0 + i); var u1 = Vector512.Load(x1 + i);
            var u2 = Vector512.Load(x2 + i); var u3 = Vector512.Load(x3 + i);
            // Sparse inputs: 0·w added to an accumulator leaves it unchanged bit for bit, so all-zero chunks are skipped.
            if (Vector512.EqualsAll(((u0 | u1 | u2 | u3).AsUInt32()) << 1, Vector512<uint>.Zero)) continue;
            var v0 = Vector512.Load(w0 + i); var v1 = Vector512.Load(w1 + i);
            var v2 = Vector512.Load(w2 + i); var v3 = Vector512.Load(w3 + i);
            a00 = Vector512.FusedMultiplyAdd(u0, v0, a00); a01 = Vector512.FusedMultiplyAdd(u0, v1, a01);
            a02 = Vector512.FusedMultiplyAdd(u0, v2, a02); a03 = Vector512.FusedMultiplyAdd(u0, v3, a03);
            a10 = Vector512.FusedMultiplyAdd(u1, v0, a10); a11 = Vector512.FusedMultiplyAdd(u1, v1, a11);
            a12 = Vector512.FusedMultiplyAdd(u1, v2, a12); a13 = Vector512.FusedMultiplyAdd(u1, v3, a13);
            a20 = Vector512.FusedMultiplyAdd(u2, v0, a20); a21 = Vector512.FusedMultiplyAdd(u2, v1, a21);
            a22 = Vector512.FusedMultiplyAdd(u2, v2, a22); a23 = Vector512.FusedMultiplyAdd(u2, v3, a23);
            a30 = Vector512.FusedMultiplyAdd(u3, v0, a30); a31 = Vector512.FusedMultiplyAdd(u3, v1, a31);
            a32 = Vector512.FusedMultiplyAdd(u3, v2, a32); a33 = Vector512.FusedMultiplyAdd(u3, v3, a33);
        }
        y[0] = Finish(a00, x0, w0, vecEnd, n, bias[0]); y[1] = Finish(a01, x0, w1, vecEnd, n, bias[1]);
        y[2] = Finish(a02, x0, w2, vecEnd, n, bias[2]); y[3] = Finish(a03, x0, w3, vecEnd, n, bias[3]);
        y += ldy;
        y[0] = Finish(a10, x1, w0, vecEnd, n, bias[0]); y[1] = Finish(a11, x1, w1, vecEnd, n, bias[1]);
        y[2] = Finish(a12, x1, w2, vecEnd, n, bias[2]); y[3] = Finish(a13, x1, w3, vecEnd, n, bias[3]);
        y += ldy;
        y[0] = Finish(a20, x2, w0, vecEnd, n, bias[0]); y[1] = Finish(a21, x2, w1, vecEnd, n, bias[1]);
        y[2] = Finish(a22, x2, w2, vecEnd, n, bias[2]); y[3] = Finish(a23, x2, w3, vecEnd, n, bias[3]);
        y += ldy;
        y[0] = Finish(a30, x3, w0, vecEnd, n, bias[0]); y[1] = Finish(a31, x3, w1, vecEnd, n, bias[1]);
        y[2] = Finish(a32, x3, w2, vecEnd, n, bias[2]); y[3] = Finish(a33, x3, w3, vecEnd, n, bias[3]);
    }

    /// <summary>
    /// Row-combination form. For m in [m0, m1): c[m, :] = Σ_k a[m·ams + k·aks] · bm[k, :], with bm: (K, N) and
    /// c: (M, N) row-major. Overwrites those rows of c. Used for dW = dyᵀ·x (m = out unit, k = example), dx = dy·w
    /// (m = example, k = out unit) and a convolution's forward product (m = output position, k = window column).
    /// <para>
    /// Tiles keep the working set in cache when M or K runs to thousands (a convolution's B·P rows): rows of c in
    /// tiles of RowTile, each visiting every column chunk (32 columns while they fit in the vector part, then 16);
    /// and each chunk's sum over k in tiles of KTile rows of bm (16 KB of a 32-column chunk), the accumulators
    /// stored into c between tiles and loaded back, which leaves each element's sequence of operations unchanged.
    /// The scalar tail sums over every k.
    /// </para>
    /// <para>
    /// Sparse inputs (<paramref name="sparse"/>): a chunk's sum over a tile leaves out the rows of bm that are all
    /// zero in that chunk (MNIST pixels are ~80% zero), listed just before the tile's products, while its rows are
    /// about to be read anyway. A skipped term is a·0, so only the sign of an exact zero could differ from the full
    /// sum, and an accumulator that starts at +0 never holds -0.
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CombineRows(float* a, int ams, int aks, float* bm, float* c, int k, int n, int m0, int m1, bool sparse)
    {
        int vecEnd = n & ~(V - 1);
        int* list = stackalloc int[KTile];
        for (int t0 = m0; t0 < m1; t0 += RowTile)
        {
            int t1 = Math.Min(m1, t0 + RowTile);
            for (int i = 0; i < vecEnd;)
            {
                int width = i + 2 * V <= vecEnd ? 2 : 1;
                int k0 = 0;
                do
                {
                    int count = ListRows(bm + i, n, k0, Math.Min(k, k0 + KTile), width, sparse, list);
                    CombineTile(a, ams, aks, bm + i, c + i, list, count, n, t0, t1, width, accumulate: k0 > 0);
                    k0 += KTile;
                } while (k0 < k);
                i += width * V;
            }
        }
        for (int i = vecEnd; i < n; i++)
            for (int m = m0; m < m1; m++)
            {
                float* am = a + (long)m * ams;
                float s = 0;
                for (int kk = 0; kk < k; kk++) s += am[(long)kk * aks] * bm[(long)kk * n + i];
                c[(long)m * n + i] = s;
            }
    }

    private const int RowTile = 64, KTile = 128;

    // The rows k in [k0, k1) of one chunk (width 1 or 2 vectors) of bm, ascending, leaving out (sparse) the ones
    // that are ±0 throughout the chunk. Returns how many it wrote into list.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ListRows(float* bm, int n, int k0, int k1, int width, bool sparse, int* list)
    {
        int count = 0;
        for (int kk = k0; kk < k1; kk++)
        {
            if (sparse)
            {
                float* row = bm + (long)kk * n;
                var any = Vector512.Load(row);
                if (width == 2) any |= Vector512.Load(row + V);
                if (Vector512.EqualsAll(any.AsUInt32() << 1, Vector512<uint>.Zero)) continue;
            }
            list[count++] = kk;
        }
        return count;
    }

    // Rows [m0, m1) of one column chunk (width 1 or 2 vectors), summing the k in list[0..count).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CombineTile(float* a, int ams, int aks, float* bm, float* c, int* list, int count, int n, int m0, int m1, int width, bool accumulate)
    {
        int m = m0;
        // Eight rows at a time unless a's rows lie 4 KB or more apart (dx of a layer of 1,024 units or more): their
        // eight lines then fall into one L1 set, and four rows at a time measured faster there.
        if (width == 2 && ams < 1024)
            for (; m + 8 <= m1; m += 8) Combine8x32(a + (long)m * ams, ams, aks, bm, c + (long)m * n, list, count, n, accumulate);
        if (width == 2)
            for (; m + 4 <= m1; m += 4) Combine4x32(a + (long)m * ams, ams, aks, bm, c + (long)m * n, list, count, n, accumulate);
        else
            for (; m + 4 <= m1; m += 4) Combine4x16(a + (long)m * ams, ams, aks, bm, c + (long)m * n, list, count, n, accumulate);
        for (; m < m1; m++) Combine1x16(a + (long)m * ams, aks, bm, c + (long)m * n, list, count, n, width, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine4x32(float* a, int ams, int aks, float* bm, float* c, int* ks, int count, int n, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        if (accumulate)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + V);
            c10 = Vector512.Load(c + n); c11 = Vector512.Load(c + n + V);
            c20 = Vector512.Load(c + 2 * n); c21 = Vector512.Load(c + 2 * n + V);
            c30 = Vector512.Load(c + 3 * n); c31 = Vector512.Load(c + 3 * n + V);
        }
        for (int j = 0; j < count; j++)
        {
            int kk = ks[j];
            float* ak = a + (long)kk * aks;
            float* br = bm + (long)kk * n;
            var b0 = Vector512.Load(br); var b1 = Vector512.Load(br + V);
            var s = Vector512.Create(ak[0]);
            c00 = Vector512.FusedMultiplyAdd(s, b0, c00); c01 = Vector512.FusedMultiplyAdd(s, b1, c01);
            s = Vector512.Create(ak[ams]);
            c10 = Vector512.FusedMultiplyAdd(s, b0, c10); c11 = Vector512.FusedMultiplyAdd(s, b1, c11);
            s = Vector512.Create(ak[2 * ams]);
            c20 = Vector512.FusedMultiplyAdd(s, b0, c20); c21 = Vector512.FusedMultiplyAdd(s, b1, c21);
            s = Vector512.Create(ak[3 * ams]);
            c30 = Vector512.FusedMultiplyAdd(s, b0, c30); c31 = Vector512.FusedMultiplyAdd(s, b1, c31);
        }
        c00.Store(c); c01.Store(c + V); c += n;
        c10.Store(c); c11.Store(c + V); c += n;
        c20.Store(c); c21.Store(c + V); c += n;
        c30.Store(c); c31.Store(c + V);
    }

    // Eight rows of a 32-column chunk: 16 accumulators, 2 loads of bm per 16 multiply-adds (Combine4x32: per 8).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine8x32(float* a, int ams, int aks, float* bm, float* c, int* ks, int count, int n, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        if (accumulate)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + V); c10 = Vector512.Load(c + n); c11 = Vector512.Load(c + n + V);
            c20 = Vector512.Load(c + 2 * n); c21 = Vector512.Load(c + 2 * n + V); c30 = Vector512.Load(c + 3 * n); c31 = Vector512.Load(c + 3 * n + V);
            c40 = Vector512.Load(c + 4 * n); c41 = Vector512.Load(c + 4 * n + V); c50 = Vector512.Load(c + 5 * n); c51 = Vector512.Load(c + 5 * n + V);
            c60 = Vector512.Load(c + 6 * n); c61 = Vector512.Load(c + 6 * n + V); c70 = Vector512.Load(c + 7 * n); c71 = Vector512.Load(c + 7 * n + V);
        }
        for (int j = 0; j < count; j++)
        {
            int kk = ks[j];
            float* ak = a + (long)kk * aks;
            float* br = bm + (long)kk * n;
            var b0 = Vector512.Load(br); var b1 = Vector512.Load(br + V);
            var s = Vector512.Create(ak[0]);
            c00 = Vector512.FusedMultiplyAdd(s, b0, c00); c01 = Vector512.FusedMultiplyAdd(s, b1, c01);
            s = Vector512.Create(ak[ams]);
            c10 = Vector512.FusedMultiplyAdd(s, b0, c10); c11 = Vector512.FusedMultiplyAdd(s, b1, c11);
            s = Vector512.Create(ak[2 * ams]);
            c20 = Vector512.FusedMultiplyAdd(s, b0, c20); c21 = Vector512.FusedMultiplyAdd(s, b1, c21);
            s = Vector512.Create(ak[3 * ams]);
            c30 = Vector512.FusedMultiplyAdd(s, b0, c30); c31 = Vector512.FusedMultiplyAdd(s, b1, c31);
            s = Vector512.Create(ak[4 * ams]);
            c40 = Vector512.FusedMultiplyAdd(s, b0, c40); c41 = Vector512.FusedMultiplyAdd(s, b1, c41);
            s = Vector512.Create(ak[5 * ams]);
            c50 = Vector512.FusedMultiplyAdd(s, b0, c50); c51 = Vector512.FusedMultiplyAdd(s, b1, c51);
            s = Vector512.Create(ak[6 * ams]);
            c60 = Vector512.FusedMultiplyAdd(s, b0, c60); c61 = Vector512.FusedMultiplyAdd(s, b1, c61);
            s = Vector512.Create(ak[7 * ams]);
            c70 = Vector512.FusedMultiplyAdd(s, b0, c70); c71 = Vector512.FusedMultiplyAdd(s, b1, c71);
        }
        c00.Store(c); c01.Store(c + V); c += n; c10.Store(c); c11.Store(c + V); c += n;
        c20.Store(c); c21.Store(c + V); c += n; c30.Store(c); c31.Store(c + V); c += n;
        c40.Store(c); c41.Store(c + V); c += n; c50.Store(c); c51.Store(c + V); c += n;
        c60.Store(c); c61.Store(c + V); c += n; c70.Store(c); c71.Store(c + V);
    }

    // Four rows of one 16-column chunk: four independent accumulators, where one row's would wait on each FMA's latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine4x16(float* a, int ams, int aks, float* bm, float* c, int* ks, int count, int n, bool accumulate)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        if (accumulate) { c0 = Vector512.Load(c); c1 = Vector512.Load(c + n); c2 = Vector512.Load(c + 2 * n); c3 = Vector512.Load(c + 3 * n); }
        for (int j = 0; j < count; j++)
        {
            int kk = ks[j];
            float* ak = a + (long)kk * aks;
            var b0 = Vector512.Load(bm + (long)kk * n);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ak[0]), b0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(ak[ams]), b0, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(ak[2 * ams]), b0, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(ak[3 * ams]), b0, c3);
        }
        c0.Store(c); c1.Store(c + n); c2.Store(c + 2 * n); c3.Store(c + 3 * n);
    }

    // One row, `chunks` (1 or 2) vectors of 16 columns; same per-element operation order as Combine4x32.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine1x16(float* a, int aks, float* bm, float* c, int* ks, int count, int n, int chunks, bool accumulate)
    {
        for (int h = 0; h < chunks; h++)
        {
            var acc = accumulate ? Vector512.Load(c + h * V) : Vector512<float>.Zero;
            for (int j = 0; j < count; j++)
            {
                int kk = ks[j];
                acc = Vector512.FusedMultiplyAdd(Vector512.Create(a[(long)kk * aks]), Vector512.Load(bm + (long)kk * n + h * V), acc);
            }
            acc.Store(c + h * V);
        }
    }
}
