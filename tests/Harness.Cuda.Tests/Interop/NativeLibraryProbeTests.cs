using Harness.Cuda.Interop;

namespace Harness.Cuda.Tests.Interop;

/// <summary>A library that cannot be found gives "no usable CUDA: ..." naming every name probed, never a crash.</summary>
public sealed class NativeLibraryProbeTests
{
    [Fact]
    public void A_missing_library_names_what_was_missing_and_every_name_tried()
    {
        var ex = Assert.Throws<CudaUnavailableException>(() =>
            NativeLibraryProbe.Load("NVRTC", ["libharness-absent-1.so", "harness_absent_2.dll"]));
        Assert.Equal("no usable CUDA: NVRTC was not found (tried libharness-absent-1.so, harness_absent_2.dll)", ex.Message);
        Assert.StartsWith(CudaUnavailableException.Prefix, ex.Message);
        Assert.Equal("NVRTC was not found (tried libharness-absent-1.so, harness_absent_2.dll)", ex.Why);
    }

    [Fact]
    public void A_missing_driver_makes_TryCreate_return_the_reason_instead_of_throwing()
    {
        // On a machine with a GPU this creates a context; either way nothing throws.
        var ok = CudaContext.TryCreate(out var context, out var why);
        using (context)
        {
            if (ok) Assert.NotNull(context);
            else Assert.StartsWith("no usable CUDA: ", why);
        }
    }

    [Fact]
    public void Probe_gives_the_reason_TryCreate_gives_and_null_where_a_device_answers()
    {
        var probed = CudaContext.Probe();
        var ok = CudaContext.TryCreate(out var context, out var why);
        using (context)
        {
            if (ok) Assert.Null(probed);
            else Assert.Equal(why, probed);
        }
    }
}
