using Harness.Cuda.Diagnostics;
using Harness.Cuda.Tests.Support;

namespace Harness.Cuda.Tests.Device;

/// <summary>The self-test kernels and cuBLAS on the GPU against the CPU. Skip with the reason where there is no GPU.</summary>
public sealed class DeviceKernelTests
{
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
            var result = SelfTest.Saxpy(context, module, n, -0.75f);
            Assert.True(result.Passed, result.Detail);
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
            var result = SelfTest.Sgemm(context, module, m, n, k);
            Assert.True(result.Passed, result.Detail);
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
