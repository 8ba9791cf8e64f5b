using System.Globalization;
using System.Text;

namespace Harness.Cuda.Diagnostics;

/// <summary>
/// The comparison every kernel check uses: element i passes when |gpu - cpu| &lt;= atol + rtol·|cpu|. The result says
/// how many failed, the largest error, and the first few mismatches.
/// </summary>
public static class ToleranceCheck
{
    /// <summary>Compares two equally long arrays; NaN anywhere on the GPU side fails.</summary>
    public static ToleranceResult Compare(ReadOnlySpan<float> gpu, ReadOnlySpan<float> cpu, double atol, double rtol, int show = 5)
    {
        if (gpu.Length != cpu.Length) throw new ArgumentException($"lengths differ: gpu {gpu.Length}, cpu {cpu.Length}");
        var failed = 0;
        var maxError = 0.0;
        var first = new StringBuilder();
        for (var i = 0; i < gpu.Length; i++)
        {
            var error = Math.Abs((double)gpu[i] - cpu[i]);
            if (!double.IsNaN(error)) maxError = Math.Max(maxError, error);
            if (error <= atol + rtol * Math.Abs(cpu[i])) continue;
            if (failed++ < show)
                first.Append(CultureInfo.InvariantCulture, $"[{i}] gpu {gpu[i]:R} cpu {cpu[i]:R}; ");
        }
        return new ToleranceResult(gpu.Length, failed, maxError, first.ToString().TrimEnd(' ', ';'));
    }
}
