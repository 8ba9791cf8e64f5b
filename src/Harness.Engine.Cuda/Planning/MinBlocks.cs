namespace Harness.Engine.Cuda;

/// <summary>
/// How many cohort_epoch blocks each multiprocessor should hold: <see cref="Variable"/> set to n (1 to 8 blocks of 256
/// threads; fewer for larger blocks, <see cref="BlockThreads"/>) compiles the kernel with that minimum
/// (COHORT_MIN_BLOCKS), so the compiler caps its registers at 65,536 / (threads x n) and spills the rest; unset, the
/// kernel's own default: 512 threads per SM (two blocks of 256, at most 128 registers a thread; left to itself the
/// compiler may take up to 255 and hold one block). More resident blocks hide more memory latency for cohorts of many
/// members; whether that beats the spills is measured by `bench --engine cuda`, which prints the registers and blocks
/// per SM it got.
/// </summary>
public static class MinBlocks
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "HARNESS_CUDA_MIN_BLOCKS";

    /// <summary>Threads one multiprocessor holds (compute capability 8.0 to 9.0).</summary>
    public const int ThreadsPerMultiprocessor = 2048;

    /// <summary>32-bit registers one multiprocessor holds (compute capability 8.0 to 9.0).</summary>
    public const int RegistersPerMultiprocessor = 65536;

    /// <summary>
    /// The blocks per SM cohort.cu builds for when <see cref="Variable"/> is unset (its COHORT_MIN_BLOCKS default):
    /// 512 threads' worth, so at most 128 registers a thread; one block of 512 or 1,024 threads.
    /// </summary>
    public static int Default(int threads) => threads < 512 ? 512 / threads : 1;

    /// <summary>
    /// The preprocessor defines for <paramref name="value"/> (the variable's value) with blocks of
    /// <paramref name="threads"/> threads: none when unset, else COHORT_MIN_BLOCKS=n; anything but a whole number from
    /// 1 to 2,048 / threads is an <see cref="ArgumentException"/> naming the variable.
    /// </summary>
    public static IReadOnlyList<string> Defines(string? value, int threads = CohortPlan.ThreadsPerBlock)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        int most = ThreadsPerMultiprocessor / threads;
        if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= most)
            return [$"COHORT_MIN_BLOCKS={n}"];
        throw new ArgumentException($"{Variable}: '{value}' is not allowed; set a whole number from 1 to {most} (blocks of {threads} threads per SM), or leave it unset");
    }
}
