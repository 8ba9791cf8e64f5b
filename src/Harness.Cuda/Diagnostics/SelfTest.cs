using Harness.Cuda.Compilation;

namespace Harness.Cuda.Diagnostics;

/// <summary>
/// The short GPU self-test `harness doctor` runs: each self-test kernel and a cuBLAS GEMM on seeded inputs whose sizes
/// are not multiples of the block size, each compared with <see cref="CpuReference"/> or <see cref="PhiloxReference"/>,
/// and a CUDA graph of a kernel and a GEMM captured and replayed (the CUDA engine's wide path works that way).
/// </summary>
public static class SelfTest
{
    private const double Atol = 1e-5, Rtol = 1e-4;

    /// <summary>Runs every check on <paramref name="context"/>; a CUDA error propagates as <see cref="CudaException"/>.</summary>
    public static IReadOnlyList<SelfTestResult> Run(CudaContext context, KernelCompiler compiler)
    {
        using var module = compiler.Load(context, "selftest.cu");
        return [Saxpy(context, module), Sgemm(context, module), Philox(context, module), Blas(context), Graph(context, module)];
    }

    /// <summary>saxpy over <paramref name="n"/> elements (default 1,000,003, off the block size).</summary>
    public static SelfTestResult Saxpy(CudaContext context, CudaModule module, int n = 1_000_003, float a = 1.5f)
    {
        float[] x = CpuReference.Random(n, 1), y = CpuReference.Random(n, 2);
        using var dx = new CudaDeviceVariable<float>(context, x);
        using var dy = new CudaDeviceVariable<float>(context, y);
        var kernel = module.GetKernel("saxpy");
        kernel.BlockDimensions = 256;
        kernel.GridDimensions = Dim3.Blocks(n, 256);
        kernel.Run(n, a, dx, dy);
        return Result($"saxpy kernel (n {n})", ToleranceCheck.Compare(dy.ToArray(), CpuReference.Saxpy(a, x, y), Atol, Rtol));
    }

    /// <summary>The tiled sgemm kernel, (m x k) · (k x n); by default (67 x 45) · (45 x 33).</summary>
    public static SelfTestResult Sgemm(CudaContext context, CudaModule module, int m = 67, int n = 33, int k = 45)
    {
        const int tile = 16;
        float[] a = CpuReference.Random(m * k, 3), b = CpuReference.Random(k * n, 4);
        using var da = new CudaDeviceVariable<float>(context, a);
        using var db = new CudaDeviceVariable<float>(context, b);
        using var dc = new CudaDeviceVariable<float>(context, m * n);
        var kernel = module.GetKernel("sgemm_tiled");
        kernel.BlockDimensions = new Dim3(tile, tile);
        kernel.GridDimensions = new Dim3((uint)Dim3.Blocks(n, tile), (uint)Dim3.Blocks(m, tile));
        kernel.Run(m, n, k, da, db, dc);
        return Result($"sgemm_tiled kernel ({m}x{k} . {k}x{n})", ToleranceCheck.Compare(dc.ToArray(), CpuReference.Gemm(m, n, k, a, b), Atol, Rtol));
    }

    /// <summary>The philox_uniform kernel, 1,001 values, against the host Philox bit for bit.</summary>
    public static SelfTestResult Philox(CudaContext context, CudaModule module)
    {
        const int n = 1001;
        const ulong seed = 0x0123456789ABCDEFUL, stream = 7;
        using var d = new CudaDeviceVariable<float>(context, n);
        var kernel = module.GetKernel("philox_uniform");
        kernel.BlockDimensions = 128;
        kernel.GridDimensions = Dim3.Blocks(n, 128);
        kernel.Run(n, seed, stream, d);
        return Result("philox_uniform kernel (n 1001)", ToleranceCheck.Compare(d.ToArray(), PhiloxReference.Uniforms(n, seed, stream), 0, 0));
    }

    /// <summary>cuBLAS Sgemm on the row-major (67 x 45) · (45 x 33), via the column-major identity C^T = B^T A^T.</summary>
    public static SelfTestResult Blas(CudaContext context)
    {
        const int m = 67, n = 33, k = 45;
        float[] a = CpuReference.Random(m * k, 5), b = CpuReference.Random(k * n, 6);
        using var blas = new CudaBlas(context);
        using var da = new CudaDeviceVariable<float>(context, a);
        using var db = new CudaDeviceVariable<float>(context, b);
        using var dc = new CudaDeviceVariable<float>(context, m * n);
        blas.Sgemm(BlasOperation.NonTranspose, BlasOperation.NonTranspose, n, m, k, 1f, db, n, da, k, 0f, dc, n);
        return Result("cuBLAS Sgemm (67x45 . 45x33)", ToleranceCheck.Compare(dc.ToArray(), CpuReference.Gemm(m, n, k, a, b), Atol, Rtol));
    }

    /// <summary>
    /// saxpy and a cuBLAS Sgemm captured as one CUDA graph from a stream of their own (cuBLAS with its own workspace),
    /// replayed twice: y = a·x + (a·x + y) and C = A·B, as the CPU computes them.
    /// </summary>
    public static SelfTestResult Graph(CudaContext context, CudaModule module, int n = 100_003, float a = 1.5f)
    {
        ArgumentNullException.ThrowIfNull(module);
        const int m = 67, cols = 33, k = 45;
        float[] x = CpuReference.Random(n, 7), y = CpuReference.Random(n, 8), ga = CpuReference.Random(m * k, 9), gb = CpuReference.Random(k * cols, 10);
        var stream = CudaStream.Create(context);
        try
        {
            using var blas = new CudaBlas(context);
            using var workspace = new CudaDeviceVariable<byte>(context, 4 << 20);
            blas.SetStream(stream);
            blas.SetWorkspace(workspace);
            using var dx = new CudaDeviceVariable<float>(context, x);
            using var dy = new CudaDeviceVariable<float>(context, y);
            using var da = new CudaDeviceVariable<float>(context, ga);
            using var db = new CudaDeviceVariable<float>(context, gb);
            using var dc = new CudaDeviceVariable<float>(context, m * cols);
            var kernel = module.GetKernel("saxpy");
            kernel.BlockDimensions = 256;
            kernel.GridDimensions = Dim3.Blocks(n, 256);
            kernel.Stream = stream;
            void Gemm() => blas.Sgemm(BlasOperation.NonTranspose, BlasOperation.NonTranspose, cols, m, k, 1f, db, cols, da, k, 0f, dc, cols);
            Gemm(); // once before capture, as the engine warms cuBLAS up
            using (var graph = CudaGraph.Capture(context, stream, () =>
            {
                kernel.Run(n, a, dx, dy);
                Gemm();
            }))
            {
                graph.Launch(stream);
                graph.Launch(stream);
                stream.Synchronize(context);
            }
            var saxpy = ToleranceCheck.Compare(dy.ToArray(), CpuReference.Saxpy(a, x, CpuReference.Saxpy(a, x, y)), Atol, Rtol);
            var gemm = ToleranceCheck.Compare(dc.ToArray(), CpuReference.Gemm(m, cols, k, ga, gb), Atol, Rtol);
            return new SelfTestResult("CUDA graph (saxpy + cuBLAS Sgemm, replayed twice)", saxpy.Passed && gemm.Passed, $"saxpy {saxpy}; Sgemm {gemm}");
        }
        finally
        {
            stream.Destroy(context);
        }
    }

    private static SelfTestResult Result(string name, ToleranceResult r) => new(name, r.Passed, r.ToString());
}
