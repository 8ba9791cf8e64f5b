namespace Harness.Cuda.Tests.Diagnostics;

/// <summary>Version integers from the driver and cuBLAS read as text.</summary>
public sealed class CudaVersionsTests
{
    [Fact]
    public void Driver_and_cuBLAS_versions_format_as_major_minor()
    {
        Assert.Equal("13.0", CudaVersions.FormatDriver(13000));
        Assert.Equal("12.8", CudaVersions.FormatDriver(12080));
        Assert.Equal("13.1.0", CudaVersions.FormatBlas(130100));
        Assert.Equal("12.2.5", CudaVersions.FormatBlas(120205));
        Assert.Equal("compute_90", new ComputeCapability(9, 0).VirtualArchitecture);
        Assert.Equal("9.0", new ComputeCapability(9, 0).ToString());
    }
}
