namespace Harness.Cuda.Tests.Interop;

/// <summary>The one checking helper: a failing status becomes an exception naming the call, the kernel and CUDA's error name.</summary>
public sealed class CudaCheckTests
{
    private static string FakeName(int status) => status == 719 ? "CUDA_ERROR_LAUNCH_FAILED" : $"FAKE_{status}";

    [Fact]
    public void Success_passes_silently()
    {
        CudaCheck.Check(0, "cuLaunchKernel", "saxpy", FakeName);
        CudaCheck.Blas(0, "cublasSgemm_v2");
        CudaCheck.Driver(0, "cuCtxSynchronize");
        CudaCheck.Nvrtc(0, "nvrtcCompileProgram");
    }

    [Fact]
    public void A_kernel_error_names_the_call_the_kernel_and_the_error()
    {
        var ex = Assert.Throws<CudaException>(() => CudaCheck.Check(719, "cuLaunchKernel", "saxpy", FakeName));
        Assert.Equal("cuLaunchKernel failed for kernel 'saxpy': CUDA_ERROR_LAUNCH_FAILED (719)", ex.Message);
        Assert.Equal(("cuLaunchKernel", "saxpy", "CUDA_ERROR_LAUNCH_FAILED", 719), (ex.Call, ex.Kernel, ex.ErrorName, ex.Code));
    }

    [Fact]
    public void A_call_without_a_kernel_names_the_call_and_the_error_and_appends_the_detail()
    {
        var ex = Assert.Throws<CudaException>(() => CudaCheck.Check(6, "nvrtcCompileProgram", null, _ => "NVRTC_ERROR_COMPILATION", "line 3: error\n"));
        Assert.Equal($"nvrtcCompileProgram failed: NVRTC_ERROR_COMPILATION (6){Environment.NewLine}line 3: error", ex.Message);
        Assert.Null(ex.Kernel);
    }

    [Fact]
    public void cuBLAS_statuses_map_to_their_header_names()
    {
        var ex = Assert.Throws<CudaException>(() => CudaCheck.Blas(7, "cublasSgemm_v2"));
        Assert.Equal("cublasSgemm_v2 failed: CUBLAS_STATUS_INVALID_VALUE (7)", ex.Message);
        Assert.Equal("CUBLAS_STATUS_EXECUTION_FAILED", CudaCheck.BlasStatusName(13));
        Assert.Equal("CUBLAS_STATUS_UNKNOWN_99", CudaCheck.BlasStatusName(99));
    }

    [Fact]
    public void A_driver_status_is_named_even_when_the_namer_itself_is_unavailable()
    {
        // Without a loaded driver the helper falls back to the number in CUDA's naming style; with one, cuGetErrorName answers.
        var ex = Assert.Throws<CudaException>(() => CudaCheck.Driver(2, "cuMemAlloc_v2"));
        Assert.StartsWith("cuMemAlloc_v2 failed: CUDA_ERROR_", ex.Message);
        Assert.EndsWith("(2)", ex.Message);
    }

    [Fact]
    public void A_namer_that_throws_because_CUDA_is_missing_still_gives_the_number()
    {
        var ex = Assert.Throws<CudaException>(() =>
            CudaCheck.Check(3, "cuInit", null, _ => throw new CudaUnavailableException("the CUDA driver was not found")));
        Assert.Equal("cuInit failed: unnamed status (3)", ex.Message);
    }

    [Theory]
    [InlineData(700, true)]  // CUDA_ERROR_ILLEGAL_ADDRESS
    [InlineData(719, true)]  // CUDA_ERROR_LAUNCH_FAILED
    [InlineData(214, true)]  // CUDA_ERROR_ECC_UNCORRECTABLE
    [InlineData(1, false)]   // CUDA_ERROR_INVALID_VALUE: that call failed, the context is fine
    [InlineData(2, false)]   // CUDA_ERROR_OUT_OF_MEMORY
    [InlineData(720, false)] // CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE
    public void Only_the_drivers_sticky_errors_mean_the_context_is_lost(int code, bool lost) =>
        Assert.Equal(lost, new CudaException("cuMemcpyDtoH_v2", null, "CUDA_ERROR_X", code).ContextLost);
}
