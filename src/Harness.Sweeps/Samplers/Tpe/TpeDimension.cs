using System.Globalization;

namespace Harness.Sweeps;

/// <summary>
/// One parameter as TPE sees it. A categorical one (a list of values) is an index into
/// <see cref="ChoiceDistribution.Values"/>. A numeric one lives in its internal space: the value itself, or its
/// logarithm for log distributions; an int range with a step keeps <see cref="Step"/> (its kernels are
/// discretised), while a log int range is widened by half a step at each end and sampled continuously
/// (Optuna's treatment), then rounded back.
/// </summary>
internal sealed record TpeDimension(string Name, Distribution Distribution)
{
    public bool IsCategorical => Distribution is ChoiceDistribution;

    /// <summary>Number of categories (categorical only).</summary>
    public int Choices => ((ChoiceDistribution)Distribution).Values.Count;

    /// <summary>Internal lower bound (numeric only).</summary>
    public double Low => Distribution switch
    {
        IntDistribution { Log: true } d => Math.Log(d.Low - 0.5 * d.Step),
        IntDistribution d => d.Low,
        UniformDistribution d => d.Low,
        LogUniformDistribution d => Math.Log(d.Low),
        _ => throw NotNumeric(),
    };

    /// <summary>Internal upper bound (numeric only).</summary>
    public double High => Distribution switch
    {
        IntDistribution { Log: true } d => Math.Log(d.High + 0.5 * d.Step),
        IntDistribution d => d.Low + (d.High - d.Low) / d.Step * d.Step, // the last grid value
        UniformDistribution d => d.High,
        LogUniformDistribution d => Math.Log(d.High),
        _ => throw NotNumeric(),
    };

    /// <summary>Grid step in internal space, or null for a continuous one (numeric only).</summary>
    public double? Step => Distribution is IntDistribution { Log: false } d ? d.Step : null;

    /// <summary>High - Low + step: the width Optuna scales bandwidths by.</summary>
    public double Range => High - Low + (Step ?? 0);

    /// <summary>The internal value of a parameter as stored in a trial (its text: <c>relu</c>, <c>64</c>, <c>0.01</c>).</summary>
    public double Encode(string text)
    {
        if (Distribution is ChoiceDistribution c)
        {
            for (int i = 0; i < c.Values.Count; i++)
                if (TrialPlanner.ParamText(c.Values[i]) == text) return i;
            throw new InvalidDataException($"{Name}: stored value '{text}' is not one of the space's values");
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new InvalidDataException($"{Name}: stored value '{text}' is not a number");
        return Distribution is IntDistribution { Log: true } or LogUniformDistribution ? Math.Log(v) : v;
    }

    /// <summary>The JSON text of the value an internal value stands for, rounded to the grid and clipped to the bounds.</summary>
    public string Decode(double x)
    {
        switch (Distribution)
        {
            case ChoiceDistribution c:
                return c.Values[Math.Clamp((int)Math.Round(x), 0, c.Values.Count - 1)];
            case IntDistribution { Log: true } d:
                return Math.Clamp((long)Math.Round(Math.Exp(x)), d.Low, d.High).ToString(CultureInfo.InvariantCulture);
            case IntDistribution d:
                long k = Math.Clamp((long)Math.Round((x - d.Low) / d.Step), 0, (d.High - d.Low) / d.Step);
                return (d.Low + k * d.Step).ToString(CultureInfo.InvariantCulture);
            case UniformDistribution d:
                return Distribution.Number(Math.Clamp(x, d.Low, d.High));
            case LogUniformDistribution d:
                return Distribution.Number(Math.Clamp(Math.Exp(x), d.Low, d.High));
            default:
                throw NotNumeric();
        }
    }

    private InvalidOperationException NotNumeric() => new($"{Name}: {Distribution.GetType().Name} is not a numeric distribution");
}
