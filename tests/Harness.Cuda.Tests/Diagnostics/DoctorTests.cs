using Harness.Cuda.Compilation;
using Harness.Cuda.Diagnostics;
using Harness.Cuda.Tests.Support;

namespace Harness.Cuda.Tests.Diagnostics;

/// <summary>`harness doctor`'s report on whatever this machine has: each missing piece said plainly, never a crash.</summary>
public sealed class DoctorTests
{
    [Fact]
    public void The_report_says_what_is_here_and_why_the_rest_is_not()
    {
        using var dir = new TempDirectory();
        var w = new StringWriter();
        var exit = Doctor.Run(w, dir.Path);
        var text = w.ToString();

        var hasNvrtc = NvrtcCompiler.IsAvailable(out var nvrtcWhy);
        Assert.Contains(hasNvrtc ? $"NVRTC:               {NvrtcCompiler.Version}" : $"NVRTC:               {nvrtcWhy}", text);
        var hasGpu = CudaContext.TryCreate(out var context, out var why);
        context?.Dispose();
        if (!hasGpu)
        {
            Assert.Contains($"device:              {why}", text);
            Assert.StartsWith("no usable CUDA: ", why);
            Assert.Contains(CudaBlas.IsAvailable(out var blas) ? $"cuBLAS:              found ({blas})" : $"cuBLAS:              {blas}", text);
            if (hasNvrtc) Assert.Contains("kernels compile:     ok (PTX for compute_90)", text);
        }
        else if (hasNvrtc) Assert.Contains("self-test:           passed", text);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void A_second_run_compiles_nothing()
    {
        Needs.Nvrtc();
        using var dir = new TempDirectory();
        Doctor.Run(TextWriter.Null, dir.Path);
        var w = new StringWriter();
        Doctor.Run(w, dir.Path);
        Assert.Contains($"kernel cache:        0 compiled, {EmbeddedKernels.Programs.Count} reused", w.ToString());
    }
}
