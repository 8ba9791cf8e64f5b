using Harness.Cuda.Diagnostics;
using Harness.Cuda.Tests.Support;

namespace Harness.Cuda.Tests.Device;

/// <summary>cuBLAS Sgemm and SgemmStridedBatched against the CPU on row-major inputs, and a CUDA graph of a kernel and a GEMM. Skip with the reason without a GPU.</summary>
public sealed class DeviceBlasTests
{
    private const double Atol = 1e-5, Rtol = 1e-4;

    [Fact]
    public void Sgemm_matches_the_CPU()
    {
        using var context = Needs.Gpu();
        var result = SelfTest.Blas(context);
        Assert.True(result.Passed, result.Detail);
    }

    [Fact]
    public void A_captured_graph_of_a_kernel_and_a_GEMM_replays_like_the_CPU()
    {
        Needs.Nvrtc();
        using var context = Needs.Gpu();
        using var dir = new TempDirectory();
        using var module = new Harness.Cuda.Compilation.KernelCompiler(dir.Path).Load(context, "selftest.cu");
        var result = SelfTest.Graph(context, module);
        Assert.True(result.Passed, result.Detail);
    }

    [Fact]
    public void Strided_batched_sgemm_does_each_member_like_the_CPU()
    {
        using var context = Needs.Gpu();
        const int m = 10, n = 30, k = 784, batch = 7;
        float[] a = CpuReference.Random(batch * m * k, 7), b = CpuReference.Random(batch * k * n, 8);
        using var blas = new CudaBlas(context);
        using var da = new CudaDeviceVariable<float>(context, a);
        using var db = new CudaDeviceVariable<float>(context, b);
        using var dc = new CudaDeviceVariable<float>(context, batch * m * n);
        // Row-major C_i = A_i B_i for each member i is column-major C_i^T = B_i^T A_i^T.
        blas.SgemmStridedBatched(BlasOperation.NonTranspose, BlasOperation.NonTranspose, n, m, k, 1f,
            db, n, k * n, da, k, m * k, 0f, dc, n, m * n, batch);
        var c = dc.ToArray();
        for (var i = 0; i < batch; i++)
        {
            var expected = CpuReference.Gemm(m, n, k, a[(i * m * k)..((i + 1) * m * k)], b[(i * k * n)..((i + 1) * k * n)]);
            var r = ToleranceCheck.Compare(c.AsSpan(i * m * n, m * n), expected, Atol, Rtol);
            Assert.True(r.Passed, $"member {i}: {r}");
        }
    }

    [Fact]
    public void A_bad_leading_dimension_names_the_call_and_the_cuBLAS_status()
    {
        using var context = Needs.Gpu();
        using var blas = new CudaBlas(context);
        using var d = new CudaDeviceVariable<float>(context, 16);
        var ex = Assert.Throws<CudaException>(() =>
            blas.Sgemm(BlasOperation.NonTranspose, BlasOperation.NonTranspose, 4, 4, 4, 1f, d, 1, d, 4, 0f, d, 4));
        Assert.Equal(("cublasSgemm_v2", "CUBLAS_STATUS_INVALID_VALUE"), (ex.Call, ex.ErrorName));
        Assert.Matches(@"^\d+\.\d+\.\d+$", blas.Version);
    }
}
