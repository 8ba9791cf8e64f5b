namespace Harness.Engine.Cuda;

/// <summary>
/// Threads per block of cohort_epoch: <see cref="CohortPlan.ThreadsPerBlock"/> (256) unless <see cref="Variable"/>
/// asks for 128, 512 or 1024, which builds a variant of the kernel (COHORT_THREADS). More threads shorten a lone
/// member's step (its loops are split four ways at 1,024) but cap registers lower and fit fewer members per SM; the
/// GPU's `bench` tells which wins for which cohort.
/// </summary>
public static class BlockThreads
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "HARNESS_CUDA_BLOCK_THREADS";

    private static readonly int[] Allowed = [128, 256, 512, 1024];

    /// <summary>
    /// The threads per block <paramref name="value"/> (the variable's value) asks for: 256 when unset; anything but
    /// 128, 256, 512 or 1024 is an <see cref="ArgumentException"/> naming the variable.
    /// </summary>
    public static int Threads(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return CohortPlan.ThreadsPerBlock;
        if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && Allowed.Contains(n))
            return n;
        throw new ArgumentException($"{Variable}: '{value}' is not allowed; use one of {string.Join(", ", Allowed)}, or leave it unset (256)");
    }

    /// <summary>The preprocessor defines that build cohort_epoch with <paramref name="threads"/> threads per block (none for 256).</summary>
    public static IReadOnlyList<string> Defines(int threads) =>
        threads == CohortPlan.ThreadsPerBlock ? [] : [$"COHORT_THREADS={threads}"];
}
