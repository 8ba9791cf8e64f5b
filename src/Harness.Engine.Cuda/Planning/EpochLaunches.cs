using System.Globalization;

namespace Harness.Engine.Cuda;

/// <summary>
/// How many launches of cohort_epoch one epoch of a cohort takes. A device whose kernels have a run-time limit (a GPU
/// that also drives a display: Windows' watchdog resets the driver after about 2 s, and an X server on Linux sets a
/// limit too) ends a launch that runs past it and leaves the process without CUDA. There each epoch is cut into
/// launches of about <see cref="TargetSeconds"/>: the cohort's first launch takes one step, and each next one as many
/// steps (or validation rows) as the launches before it say fit, at most <see cref="Growth"/> times the last size.
/// <see cref="Variable"/> fixes the steps per launch on any device. However an epoch is cut, it trains bit for bit
/// what one launch trains (cohort.cu), so sizing from timings changes no result. Elsewhere an epoch is one launch.
/// </summary>
public sealed class EpochLaunches
{
    /// <summary>The environment variable that fixes the training steps per launch (a whole number >= 1).</summary>
    public const string Variable = "HARNESS_CUDA_STEPS_PER_LAUNCH";

    /// <summary>What one launch should take on a device with a run-time limit, well inside Windows' 2 s.</summary>
    public const double TargetSeconds = 0.25;

    /// <summary>How much larger than the last a launch may be: a timing from a short launch is only a rough guide.</summary>
    public const int Growth = 4;

    /// <summary>Validation rows cost about a third of a training row (a forward pass, no backward pass or update).</summary>
    public const int PassesPerTrainingRow = 3;

    private readonly int? _fixed;
    private int _steps = 1, _rows;
    private double _secondsPerStep = double.NaN, _secondsPerRow = double.NaN;

    private EpochLaunches(bool cut, int? fixedSteps)
    {
        Cut = cut;
        _fixed = fixedSteps;
    }

    /// <summary>False when every epoch is one launch (no run-time limit and no <see cref="Variable"/>).</summary>
    public bool Cut { get; }

    /// <summary>
    /// The launches for a device with or without a run-time limit, under the setting <paramref name="value"/> of
    /// <see cref="Variable"/> (<see cref="Steps"/>).
    /// </summary>
    public static EpochLaunches For(bool runTimeLimit, string? value)
    {
        int? steps = Steps(value);
        return new EpochLaunches(runTimeLimit || steps is not null, steps);
    }

    /// <summary>
    /// The steps per launch <see cref="Variable"/> sets: null when unset or empty (sized by the device); otherwise a
    /// whole number >= 1, or an <see cref="ArgumentException"/> naming the variable and what is allowed.
    /// </summary>
    public static int? Steps(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int steps) && steps >= 1) return steps;
        throw new ArgumentException($"{Variable}: '{value}' is not allowed; set a whole number >= 1 (the training steps each launch of the fused kernel takes), or leave it unset");
    }

    /// <summary>The training steps of the next launch, when <paramref name="remaining"/> steps of the epoch are left.</summary>
    public int NextSteps(int remaining)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(remaining, 1);
        if (!Cut) return remaining;
        return Math.Min(_fixed ?? _steps, remaining);
    }

    /// <summary>
    /// The validation rows of the next launch, when <paramref name="remaining"/> are left: whole chunks of
    /// <paramref name="chunk"/> rows (the kernel evaluates a chunk at a time), or all that are left. With a fixed
    /// step count, the rows that cost about as much as that many steps of <paramref name="batch"/>.
    /// </summary>
    public int NextRows(int remaining, int chunk, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(remaining, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (!Cut) return remaining;
        long want;
        if (_fixed is int steps) want = (long)steps * batch * PassesPerTrainingRow;
        else
        {
            double perRow = double.IsNaN(_secondsPerRow) ? _secondsPerStep / ((double)batch * PassesPerTrainingRow) : _secondsPerRow;
            want = double.IsNaN(perRow) ? chunk : Fit(perRow, _rows > 0 ? (long)_rows * Growth : int.MaxValue);
        }
        long rows = Math.Max(chunk, want / chunk * chunk);
        return (int)Math.Min(rows, remaining);
    }

    /// <summary>A launch of <paramref name="steps"/> training steps took <paramref name="seconds"/>.</summary>
    public void TookSteps(int steps, double seconds)
    {
        if (steps < 1 || _fixed is not null) return;
        _secondsPerStep = Math.Max(seconds, 0) / steps;
        _steps = (int)Math.Clamp(Fit(_secondsPerStep, (long)_steps * Growth), 1, int.MaxValue);
    }

    /// <summary>A launch of <paramref name="rows"/> validation rows took <paramref name="seconds"/>.</summary>
    public void TookRows(int rows, double seconds)
    {
        if (rows < 1 || _fixed is not null) return;
        _secondsPerRow = Math.Max(seconds, 0) / rows;
        _rows = Math.Max(_rows, rows);
    }

    // How many units at perUnit seconds fit in the target, at least 1, at most cap
    private static long Fit(double perUnit, long cap) =>
        perUnit <= 0 ? cap : (long)Math.Clamp(Math.Floor(TargetSeconds / perUnit), 1, cap);
}
