using Harness.Cuda.Diagnostics;

namespace Harness.Cuda.Tests.Diagnostics;

/// <summary>|gpu - cpu| &lt;= atol + rtol·|cpu|, with the first mismatches named.</summary>
public sealed class ToleranceCheckTests
{
    [Fact]
    public void Values_within_atol_plus_rtol_times_cpu_pass()
    {
        var r = ToleranceCheck.Compare([1.0f, 100.05f, 0f], [1.0f, 100f, 1e-6f], atol: 1e-5, rtol: 1e-3);
        Assert.True(r.Passed);
        Assert.Equal(3, r.Count);
        Assert.InRange(r.MaxError, 0.049, 0.051);
    }

    [Fact]
    public void Failures_are_counted_and_the_first_ones_listed_by_index()
    {
        var r = ToleranceCheck.Compare([0f, 2f, 3f, float.NaN], [0f, 1f, 3f, 4f], atol: 1e-6, rtol: 1e-6);
        Assert.False(r.Passed);
        Assert.Equal(2, r.Failed);
        Assert.Equal("[1] gpu 2 cpu 1; [3] gpu NaN cpu 4", r.FirstMismatches);
        Assert.StartsWith("2 of 4 values out of tolerance", r.ToString());
    }

    [Fact]
    public void Different_lengths_are_an_error()
    {
        Assert.Throws<ArgumentException>(() => ToleranceCheck.Compare([1f], [1f, 2f], 0, 0));
    }

    [Fact]
    public void The_CPU_gemm_reference_multiplies_row_major_matrices()
    {
        // (2 x 3) · (3 x 2)
        Assert.Equal([58f, 64f, 139f, 154f], CpuReference.Gemm(2, 2, 3, [1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]));
        Assert.Equal([5f, 8f], CpuReference.Saxpy(2f, [1f, 2f], [3f, 4f]));
    }
}
