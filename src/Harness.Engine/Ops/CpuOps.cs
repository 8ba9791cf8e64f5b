using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harness.Engine;

/// <summary>
/// The CPU reference implementation of <see cref="IOps"/>. Matrix products use the Vector512 kernels in
/// <see cref="Gemm"/> and are split across threads by output rows only when a product is large; activations are
/// split by elements when they are a convolution's size, and other elementwise operations run on the calling
/// thread. Results are bit-identical for any thread count.
/// One instance per training run (it owns preallocated job objects); not for concurrent use.
/// </summary>
public sealed unsafe class CpuOps : IOps, IDisposable
{
    // Below this many multiply-adds (~25 µs of one core) a product runs on one thread: a handoff costs a few µs even
    // to a spinning worker, more than it saves (Nielsen's batch-10 steps stay single-threaded; batch-64 [784,100]
    // splits). 100,000 measured no faster for Nielsen on 2 cores (2026-12-07).
    private const long ParallelWork = 1_000_000;
    // Activations of at least this many floats (a convolution's outputs: 301,056 for LeNet's first layer at batch
    // 64) are split across threads; a dense layer's (102,400 for the wide MLP's 800 units at batch 128) stay whole.
    private const int ParallelElements = 1 << 17;
    private readonly WorkerPool _pool;
    private readonly DotJob _dot = new();
    private readonly CombineJob _combine = new();
    private readonly ActivationJob _activation = new();

    /// <param name="threads">Worker threads; 0 = all cores.</param>
    public CpuOps(int threads = 1) => _pool = new WorkerPool(WorkerPool.Resolve(threads));

    /// <summary>The worker pool, for layers that split work over examples (convolution, pooling); never while an op runs.</summary>
    internal WorkerPool Pool => _pool;

    /// <summary>Threads in use.</summary>
    public int Threads => _pool.Threads;

    public void Dispose() => _pool.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, int batch, int input, int output)
    {
        Check(x, batch * input, nameof(x)); Check(w, output * input, nameof(w)); Check(b, output, nameof(b)); Check(y, batch * output, nameof(y));
        fixed (float* px = x, pw = w, pb = b, py = y)
        {
            _dot.Set(px, pw, pb, py, batch, input, output);
            // Parts of at least 4 output units keep the 4x4 kernel busy.
            Run(_dot, output, (long)batch * input * output, 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearBackwardParameters(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int batch, int input, int output)
    {
        Check(dy, batch * output, nameof(dy)); Check(x, batch * input, nameof(x)); Check(dw, output * input, nameof(dw)); Check(db, output, nameof(db));
        ColumnSums(dy, db, batch, output);
        fixed (float* pdy = dy, px = x, pdw = dw)
        {
            // m = out unit o, k = example b: a[o·1 + b·Out] = dy[b, o]; examples whose inputs are all zero in a
            // column chunk are left out of that chunk's sum.
            _combine.Set(pdy, 1, output, px, pdw, batch, input, sparse: true);
            Run(_combine, output, (long)batch * input * output, 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearBackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int batch, int input, int output)
    {
        Check(dy, batch * output, nameof(dy)); Check(w, output * input, nameof(w)); Check(dx, batch * input, nameof(dx));
        fixed (float* pdy = dy, pw = w, pdx = dx)
        {
            // m = example b, k = out unit o: a[b·Out + o·1] = dy[b, o].
            _combine.Set(pdy, output, 1, pw, pdx, output, input, sparse: false);
            Run(_combine, batch, (long)batch * input * output, 4);
        }
    }

    // db[o] = Σ_b dy[b, o], examples in order from +0: 16 columns to a vector, then the last few together. A call per
    // example (TensorPrimitives.Add) cost more than the adds, and a convolution's bias sums over tens of thousands of rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnSums(ReadOnlySpan<float> dy, Span<float> db, int batch, int output)
    {
        fixed (float* pdy = dy, pdb = db)
        {
            int o = 0;
            for (; o + 16 <= output; o += 16)
            {
                var sum = Vector512<float>.Zero;
                for (long b = 0; b < batch; b++) sum += Vector512.Load(pdy + b * output + o);
                sum.Store(pdb + o);
            }
            int rest = output - o;
            if (rest == 0) return;
            float* acc = stackalloc float[16];
            for (int j = 0; j < rest; j++) acc[j] = 0f;
            for (long b = 0; b < batch; b++)
                for (int j = 0; j < rest; j++) acc[j] += pdy[b * output + o + j]; // the columns' chains interleave
            for (int j = 0; j < rest; j++) pdb[o + j] = acc[j];
        }
    }

    // Splits output rows into parts whose boundaries are multiples of the kernels' 4-row blocks.
    private void Run(IRangeJob job, int rows, long work, int minRows)
    {
        if (work < ParallelWork || _pool.Threads == 1) job.Run(0, rows);
        else _pool.Run(job, rows, minRows, align: 4);
    }

    public void ActivationForward(Activation f, float leakySlope, ReadOnlySpan<float> z, Span<float> a)
    {
        if (z.Length < ParallelElements || _pool.Threads == 1) { ActivationMath.Forward(f, leakySlope, z, a); return; }
        Check(a, z.Length, nameof(a));
        fixed (float* pz = z, pa = a)
        {
            _activation.Set(f, leakySlope, pz, null, null, pa, z.Length, backward: false);
            _pool.Run(_activation, (z.Length + 15) / 16, 1024);
        }
    }

    public void ActivationBackward(Activation f, float leakySlope, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> da, Span<float> dz)
    {
        if (da.Length < ParallelElements || _pool.Threads == 1) { ActivationMath.Backward(f, leakySlope, z, a, da, dz); return; }
        Check(z, da.Length, nameof(z)); Check(a, da.Length, nameof(a)); Check(dz, da.Length, nameof(dz));
        fixed (float* pz = z, pa = a, pda = da, pdz = dz)
        {
            _activation.Set(f, leakySlope, pz, pa, pda, pdz, da.Length, backward: true);
            _pool.Run(_activation, (da.Length + 15) / 16, 1024);
        }
    }

    public void OutputForward(LossSpec loss, ReadOnlySpan<float> z, Span<float> a, int batch, int classes) =>
        LossMath.OutputForward(loss, z, a, batch, classes);

    public double Loss(LossSpec loss, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> t, Span<float> dz, int batch, int classes, float scale) =>
        LossMath.Loss(loss, z, a, t, dz, batch, classes, scale);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DropoutMask(float rate, ref Rng rng, Span<float> mask)
    {
        float keep = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextSingle() < rate ? 0f : keep;
    }

    public void ApplyMask(Span<float> x, ReadOnlySpan<float> mask) => TensorPrimitives.Multiply(x, mask[..x.Length], x);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RegularizerGradient(ReadOnlySpan<float> p, Span<float> g, float l2, float l1)
    {
        if (l2 != 0) TensorPrimitives.MultiplyAdd(p, l2, g, g);
        if (l1 != 0)
            for (int i = 0; i < p.Length; i++) g[i] += p[i] > 0 ? l1 : p[i] < 0 ? -l1 : 0f;
    }

    public double RegularizerPenalty(ReadOnlySpan<float> p, float l2, float l1)
    {
        double sq = 0, abs = 0;
        for (int i = 0; i < p.Length; i++) { sq += (double)p[i] * p[i]; abs += Math.Abs(p[i]); }
        return 0.5 * l2 * sq + l1 * abs;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Argmax(ReadOnlySpan<float> a, Span<int> predicted, int batch, int classes)
    {
        for (int b = 0; b < batch; b++)
        {
            var row = a.Slice(b * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++) if (row[k] > row[best]) best = k;
            predicted[b] = best;
        }
    }

    private static void Check(ReadOnlySpan<float> s, int need, string name)
    {
        if (s.Length < need) throw new ArgumentException($"{name} holds {s.Length} values, the shape needs {need}", name);
    }

    private sealed class DotJob : IRangeJob
    {
        private float* _x, _w, _b, _y;
        private int _batch, _input, _output;
        public void Set(float* x, float* w, float* b, float* y, int batch, int input, int output)
        { _x = x; _w = w; _b = b; _y = y; _batch = batch; _input = input; _output = output; }
        public void Run(int start, int end) => Gemm.DotRows(_x, _w, _b, _y, _batch, _input, _output, start, end);
    }

    // An activation or its derivative over elements [16·start, 16·end), one slice per thread: elementwise, so any
    // split gives the same bits.
    private sealed class ActivationJob : IRangeJob
    {
        private Activation _f;
        private float _slope;
        private float* _z, _a, _da, _out;
        private int _n;
        private bool _backward;
        public void Set(Activation f, float slope, float* z, float* a, float* da, float* output, int n, bool backward)
        { _f = f; _slope = slope; _z = z; _a = a; _da = da; _out = output; _n = n; _backward = backward; }
        public void Run(int start, int end)
        {
            int i0 = start * 16, len = Math.Min(_n, end * 16) - i0;
            var z = new ReadOnlySpan<float>(_z + i0, len);
            var output = new Span<float>(_out + i0, len);
            if (_backward) ActivationMath.Backward(_f, _slope, z, new ReadOnlySpan<float>(_a + i0, len), new ReadOnlySpan<float>(_da + i0, len), output);
            else ActivationMath.Forward(_f, _slope, z, output);
        }
    }

    private sealed class CombineJob : IRangeJob
    {
        private float* _a, _bm, _c;
        private int _ams, _aks, _k, _n;
        private bool _sparse;
        public void Set(float* a, int ams, int aks, float* bm, float* c, int k, int n, bool sparse)
        { _a = a; _ams = ams; _aks = aks; _bm = bm; _c = c; _k = k; _n = n; _sparse = sparse; }
        public void Run(int start, int end) => Gemm.CombineRows(_a, _ams, _aks, _bm, _c, _k, _n, start, end, _sparse);
    }
}
