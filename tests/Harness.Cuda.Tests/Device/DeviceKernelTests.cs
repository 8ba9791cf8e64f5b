using Harness.Cuda.Diagnostics;
using Harness.Cuda.Tests.Support;

namespace Harness.Cuda.Tests.Device;

/// <summary>The self-test kernels and cuBLAS on the GPU against the CPU. Skip with the reason where there is no GPU.</summary>
public sealed class DeviceKernelTests
{
    private const double Atol = 1e-5, Rtol = 1e-4;

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(1_000_003)]
    public void Saxpy_matches_the_CPU_at_sizes_off_the_block_size(int n)
    {
        using var dir = new TempDirectory();
        var (context, compiler) = Needs.GpuAndNvrtc(dir.Path);
        using (context)
        using (var module = compiler.Load(context, "selftest.cu"))
        {
            float[] x = CpuReference.Random(n, 1), y = CpuReference.Random(n, 2);
            using var dx = new CudaDeviceVariable<float>(context, x);
            using var dy = new CudaDeviceVariable<float>(context, y);
            var kernel = module.GetKernel("saxpy");
            kernel.BlockDimensions = 256;
            kernel.GridDimensions = Dim3.Blocks(n, 256);
            kernel.Run(n, -0.75f, dx, dy);
            var r = ToleranceCheck.Compare(dy.ToArray(), CpuReference.Saxpy(-0.75f, x, y), Atol, Rtol);
            Assert.True(r.Passed, r.ToString());
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(16, 16, 16)]
    [InlineData(67, 33, 45)]
    [InlineData(30, 10, 784)]
    public void Tiled_sgemm_matches_the_CPU(int m, int n, int k)
    {
        using var dir = new TempDirectory();
        var (context, compiler) = Needs.GpuAndNvrtc(dir.Path);
        using (context)
        using (var module = compiler.Load(context, "selftest.cu"))
        {
            float[] a = CpuReference.Random(m * k, 3), b = CpuReference.Random(k * n, 4);
            using var da = new CudaDeviceVariable<float>(context, a);
            using var db = new CudaDeviceVariable<float>(context, b);
            using var dc = new CudaDeviceVariable<float>(context, m * n);
            var kernel = module.GetKernel("sgemm_tiled");
            kernel.BlockDimensions = new Dim3(16, 16);
            kernel.GridDimensions = new Dim3((uint)Dim3.Blocks(n, 16), (uint)Dim3.Blocks(m, 16));
            kernel.Run(m, n, k, da, db, dc);
            var r = ToleranceCheck.Compare(dc.ToArray(), CpuReference.Gemm(m, n, k, a, b), Atol, Rtol);
            Assert.True(r.Passed, r.ToString());
        }
    }

    [Fact]
    public void Philox_on_the_device_matches_the_host_bit_for_bit()
    {
        using var dir = new TempDirectory();
        var (context, compiler) = Needs.GpuAndNvrtc(dir.Path);
        using (context)
        using (var module = compiler.Load(context, "selftest.cu"))
        {
            var result = SelfTest.Philox(context, module);
            Assert.True(result.Passed, result.Detail);
        }
    }

    [Fact]
    public void An_impossible_launch_names_the_kernel_and_the_CUDA_error()
    {
        using var dir = new TempDirectory();
        var (context, compiler) = Needs.GpuAndNvrtc(dir.Path);
        using (context)
        using (var module = compiler.Load(context, "selftest.cu"))
        {
            var kernel = module.GetKernel("saxpy");
            kernel.BlockDimensions = 4096; // above every device's 1024 threads per block
            using var d = new CudaDeviceVariable<float>(context, 1);
            var ex = Assert.Throws<CudaException>(() => kernel.Run(1, 1f, d, d));
            Assert.Equal(("cuLaunchKernel", "saxpy", "CUDA_ERROR_INVALID_VALUE"), (ex.Call, ex.Kernel, ex.ErrorName));
        }
    }

    [Fact]
    public void The_device_reports_its_name_capability_and_memory()
    {
        using var context = Needs.Gpu();
        var d = context.Device;
        Assert.False(string.IsNullOrWhiteSpace(d.Name));
        Assert.True(d.Capability.Major >= 3, d.Capability.ToString());
        Assert.True(d.TotalMemoryBytes > 0 && d.MultiprocessorCount > 0);
        var (free, total) = context.MemoryInfo();
        Assert.InRange(free, 1, total);
    }
}
