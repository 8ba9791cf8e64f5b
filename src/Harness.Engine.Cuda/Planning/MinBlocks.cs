namespace Harness.Engine.Cuda;

/// <summary>
/// How many cohort_epoch blocks of 256 threads each multiprocessor should hold: <see cref="Variable"/> set to 1-8
/// compiles the kernel with that minimum (COHORT_MIN_BLOCKS), so the compiler caps its registers at 65,536 / (256 x n)
/// and spills the rest; unset, the compiler keeps the registers it wants (NVRTC 11.8 for sm_90: 128, two blocks per
/// SM). More resident blocks hide more memory latency for cohorts of many members; whether that beats the spills is
/// measured by `bench --engine cuda`, which prints the registers and blocks per SM it got.
/// </summary>
public static class MinBlocks
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "HARNESS_CUDA_MIN_BLOCKS";

    /// <summary>
    /// The preprocessor defines for <paramref name="value"/> (the variable's value): none when unset, else
    /// COHORT_MIN_BLOCKS=n; anything but a whole number from 1 to 8 is an <see cref="ArgumentException"/> naming the variable.
    /// </summary>
    public static IReadOnlyList<string> Defines(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 8)
            return [$"COHORT_MIN_BLOCKS={n}"];
        throw new ArgumentException($"{Variable}: '{value}' is not allowed; set a whole number from 1 to 8 (blocks of 256 threads per SM), or leave it unset");
    }
}
