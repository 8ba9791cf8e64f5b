using Harness.Cuda.Interop;

namespace Harness.Cuda.Tests.Interop;

/// <summary>The library names probed on each platform, newest first, and the CUDA_PATH folders on Windows.</summary>
public sealed class CudaLibraryNamesTests
{
    [Fact]
    public void Linux_names_are_the_sonames_newest_first()
    {
        Assert.Equal(["libcuda.so.1"], CudaLibraryNames.Linux(CudaLibrary.Driver));
        Assert.Equal(["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2"], CudaLibraryNames.Linux(CudaLibrary.Nvrtc));
        Assert.Equal(["libcublas.so.13", "libcublas.so.12"], CudaLibraryNames.Linux(CudaLibrary.Blas));
    }

    [Fact]
    public void Windows_names_are_the_toolkit_dlls_newest_first()
    {
        Assert.Equal(["nvcuda.dll"], CudaLibraryNames.Windows(CudaLibrary.Driver));
        Assert.Equal(["nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll"], CudaLibraryNames.Windows(CudaLibrary.Nvrtc));
        Assert.Equal(["cublas64_13.dll", "cublas64_12.dll"], CudaLibraryNames.Windows(CudaLibrary.Blas));
    }

    [Fact]
    public void Windows_searches_CUDA_PATH_bin_and_bin_x64_after_the_plain_names()
    {
        var root = Path.Combine("toolkit", "v13.0");
        var candidates = CudaLibraryNames.Candidates(CudaLibrary.Blas, windows: true, cudaPath: root);
        Assert.Equal([
            "cublas64_13.dll", "cublas64_12.dll",
            Path.Combine(root, "bin", "cublas64_13.dll"), Path.Combine(root, "bin", "cublas64_12.dll"),
            Path.Combine(root, "bin", "x64", "cublas64_13.dll"), Path.Combine(root, "bin", "x64", "cublas64_12.dll"),
        ], candidates);
    }

    [Fact]
    public void Linux_searches_CUDA_PATH_lib64_after_the_plain_names()
    {
        var root = Path.Combine("toolkit", "cuda");
        Assert.Equal(["libcublas.so.13", "libcublas.so.12", Path.Combine(root, "lib64", "libcublas.so.13"), Path.Combine(root, "lib64", "libcublas.so.12")],
            CudaLibraryNames.Candidates(CudaLibrary.Blas, windows: false, cudaPath: root));
    }

    [Fact]
    public void The_driver_never_looks_under_CUDA_PATH_and_nothing_does_without_it()
    {
        Assert.Equal(["nvcuda.dll"], CudaLibraryNames.Candidates(CudaLibrary.Driver, windows: true, cudaPath: "toolkit"));
        Assert.Equal(["libcuda.so.1"], CudaLibraryNames.Candidates(CudaLibrary.Driver, windows: false, cudaPath: "toolkit"));
        Assert.Equal(CudaLibraryNames.Linux(CudaLibrary.Nvrtc), CudaLibraryNames.Candidates(CudaLibrary.Nvrtc, windows: false, cudaPath: null));
        Assert.Equal(CudaLibraryNames.Windows(CudaLibrary.Nvrtc), CudaLibraryNames.Candidates(CudaLibrary.Nvrtc, windows: true, cudaPath: " "));
    }

    [Fact]
    public void This_machine_uses_its_own_platform_list()
    {
        var expected = OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";
        Assert.Equal(expected, CudaLibraryNames.ForThisMachine(CudaLibrary.Driver)[0]);
    }
}
