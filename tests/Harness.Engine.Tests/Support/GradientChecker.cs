namespace Harness.Engine.Tests.Support;

/// <summary>One coordinate whose analytic and numeric derivatives disagree.</summary>
public readonly record struct GradientMismatch(int Index, double Analytic, double Numeric);

/// <summary>Outcome of a gradient check.</summary>
public sealed record GradientCheckResult(int Checked, int Kinks, IReadOnlyList<GradientMismatch> Mismatches)
{
    public bool Passed => Mismatches.Count == 0;

    public override string ToString() =>
        $"{Checked} coordinates checked, {Kinks} skipped at kinks, {Mismatches.Count} mismatches" +
        string.Concat(Mismatches.Take(5).Select(m => $"\n  [{m.Index}] analytic {m.Analytic:G6} numeric {m.Numeric:G6}"));
}

/// <summary>
/// Compares an analytic gradient with central differences, coordinate by coordinate.
/// <para>
/// Pass when |analytic − numeric| &lt;= AbsoluteTolerance + RelativeTolerance·|numeric|, with
/// numeric = (f(p + ε) − f(p − ε)) / (p₊ − p₋) where p± are the float values actually stored (the step is
/// measured after rounding). The losses are float computations summed in double, so with ε = 1e-3 rounding noise
/// is about 1e-7·|f| / 2ε ≈ 5e-5·|f|; the default tolerances (5e-4 absolute, 1e-2 relative) sit above that and far
/// below the errors of a wrong derivative.
/// </para>
/// <para>
/// Kinks (relu at 0, |x|, hinge margins, L1 at 0): where the two one-sided differences disagree by more than
/// KinkThreshold the function is not differentiable inside [p − ε, p + ε]; that coordinate is skipped and counted.
/// A smooth function's one-sided differences differ by about ε·f'' (≈ 1e-3 here).
/// </para>
/// </summary>
public sealed class GradientChecker
{
    public double Epsilon { get; init; } = 1e-3;
    public double AbsoluteTolerance { get; init; } = 5e-4;
    public double RelativeTolerance { get; init; } = 1e-2;
    public double KinkThreshold { get; init; } = 2e-2;

    /// <param name="parameters">The point to check at; restored afterwards.</param>
    /// <param name="loss">f(parameters), deterministic.</param>
    /// <param name="gradient">∂f/∂parameters at the point.</param>
    public GradientCheckResult Check(float[] parameters, Func<float[], double> loss, Func<float[], float[]> gradient)
    {
        var analytic = gradient(parameters);
        if (analytic.Length != parameters.Length) throw new ArgumentException($"gradient has {analytic.Length} entries for {parameters.Length} parameters");
        double f0 = loss(parameters);
        var mismatches = new List<GradientMismatch>();
        int kinks = 0, checkedCount = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            float original = parameters[i];
            float plus = (float)(original + Epsilon), minus = (float)(original - Epsilon);
            parameters[i] = plus;
            double fPlus = loss(parameters);
            parameters[i] = minus;
            double fMinus = loss(parameters);
            parameters[i] = original;
            double forward = (fPlus - f0) / ((double)plus - original), backward = (f0 - fMinus) / ((double)original - minus);
            if (Math.Abs(forward - backward) > KinkThreshold) { kinks++; continue; }
            double numeric = (fPlus - fMinus) / ((double)plus - minus);
            checkedCount++;
            if (!(Math.Abs(analytic[i] - numeric) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(numeric)))
                mismatches.Add(new GradientMismatch(i, analytic[i], numeric));
        }
        return new GradientCheckResult(checkedCount, kinks, mismatches);
    }
}
