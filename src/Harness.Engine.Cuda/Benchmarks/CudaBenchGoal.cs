using System.Globalization;

namespace Harness.Engine.Cuda;

/// <summary>
/// What a <see cref="CudaBenchCase"/> should reach: the numbers where it sets them (checked by
/// <see cref="Verdict"/>), words alone where the goal is a comparison no single run can check.
/// </summary>
/// <param name="MaxMicrosecondsPerModelStep">At most this many microseconds per model-step.</param>
/// <param name="MaxTotalSeconds">At most this many seconds in all, setup and every epoch included.</param>
/// <param name="MinTestAccuracy">Member 0's test accuracy at least this (a fraction).</param>
/// <param name="Words">The goal in words, for one no number states.</param>
public sealed record CudaBenchGoal(double? MaxMicrosecondsPerModelStep = null, double? MaxTotalSeconds = null,
    double? MinTestAccuracy = null, string? Words = null)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>True when some number can be checked.</summary>
    public bool IsMeasurable => MaxMicrosecondsPerModelStep is not null || MaxTotalSeconds is not null || MinTestAccuracy is not null;

    /// <summary>"met", "missed: 0.041 us per model-step > 0.03", or "-" for a goal in words alone.</summary>
    public string Verdict(CudaBenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!IsMeasurable) return "-";
        var missed = new List<string>();
        if (result.MicrosecondsPerModelStep > MaxMicrosecondsPerModelStep)
            missed.Add(string.Create(Inv, $"{result.MicrosecondsPerModelStep:0.####} us per model-step > {MaxMicrosecondsPerModelStep}"));
        if (result.TotalSeconds > MaxTotalSeconds) missed.Add(string.Create(Inv, $"{result.TotalSeconds:0.###} s > {MaxTotalSeconds} s"));
        if (!(result.TestAccuracy >= MinTestAccuracy) && MinTestAccuracy is not null)
            missed.Add(string.Create(Inv, $"{result.TestAccuracy * 100:0.00}% test < {MinTestAccuracy * 100:0.0}%"));
        return missed.Count == 0 ? "met" : "missed: " + string.Join(", ", missed);
    }

    /// <summary>The goal as bench prints it, e.g. "&lt;= 1.0 s in all, &gt;= 94.5% test".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (MaxMicrosecondsPerModelStep is { } us) parts.Add(string.Create(Inv, $"<= {us} us per model-step"));
        if (MaxTotalSeconds is { } s) parts.Add(string.Create(Inv, $"<= {s:0.0#} s in all"));
        if (MinTestAccuracy is { } a) parts.Add(string.Create(Inv, $">= {a * 100:0.0}% test"));
        if (Words is not null) parts.Add(Words);
        return string.Join(", ", parts);
    }
}
