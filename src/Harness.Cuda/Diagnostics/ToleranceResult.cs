using System.Globalization;

namespace Harness.Cuda.Diagnostics;

/// <summary>The outcome of a <see cref="ToleranceCheck"/>: counts, the largest |gpu - cpu|, and the first mismatches.</summary>
public sealed record ToleranceResult(int Count, int Failed, double MaxError, string FirstMismatches)
{
    /// <summary>True when every element is within tolerance.</summary>
    public bool Passed => Failed == 0;

    /// <inheritdoc />
    public override string ToString() => Passed
        ? string.Create(CultureInfo.InvariantCulture, $"{Count} values within tolerance, max |gpu-cpu| {MaxError:G3}")
        : string.Create(CultureInfo.InvariantCulture, $"{Failed} of {Count} values out of tolerance, max |gpu-cpu| {MaxError:G3}; first: {FirstMismatches}");
}
