using System.Globalization;
using System.Text.Json.Nodes;

namespace Harness.Sweeps;

/// <summary>
/// One searched dimension. Values are carried as compact JSON text (<c>3</c>, <c>0.01</c>, <c>"relu"</c>,
/// <c>[64,32]</c>) so any knob type (number, enum, bool, list) fits one representation. JSON forms:
/// a plain array of values; <c>{"int": [lo, hi], "step": s, "log": false}</c>; <c>{"uniform": [lo, hi]}</c>;
/// <c>{"log_uniform": [lo, hi]}</c>.
/// </summary>
public abstract record Distribution
{
    /// <summary>True when the values form a continuum (grid search cannot enumerate them).</summary>
    public abstract bool IsContinuous { get; }

    /// <summary>Every value, in order; only for discrete distributions.</summary>
    public abstract IReadOnlyList<string> Enumerate();

    /// <summary>One value drawn with <paramref name="rng"/>.</summary>
    public abstract string Sample(Random rng);

    /// <summary>The JSON form this distribution is written as in an experiment file.</summary>
    public abstract JsonNode ToJson();

    /// <summary>Canonical JSON text of a double (round-trip "R" form, invariant culture).</summary>
    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A list of values (categorical); sampled uniformly.</summary>
public sealed record ChoiceDistribution(IReadOnlyList<string> Values) : Distribution
{
    public override bool IsContinuous => false;
    public override IReadOnlyList<string> Enumerate() => Values;
    public override string Sample(Random rng) => Values[rng.Next(Values.Count)];
    public override JsonNode ToJson() => new JsonArray([.. Values.Select(v => JsonNode.Parse(v))]);
}

/// <summary>Integers Low, Low+Step, ..., up to High; with Log, sampled uniformly in log space (Step must be 1).</summary>
public sealed record IntDistribution(int Low, int High, int Step = 1, bool Log = false) : Distribution
{
    public override bool IsContinuous => false;

    public override IReadOnlyList<string> Enumerate()
    {
        var values = new List<string>();
        for (long v = Low; v <= High; v += Step) values.Add(v.ToString(CultureInfo.InvariantCulture));
        return values;
    }

    public override string Sample(Random rng)
    {
        if (Log)
        {
            // Uniform in log over [Low - 0.5, High + 0.5) keeps each end's share fair after rounding.
            double lo = Math.Log(Math.Max(Low - 0.5, 0.5)), hi = Math.Log(High + 0.5);
            int v = (int)Math.Round(Math.Exp(lo + rng.NextDouble() * (hi - lo)));
            return Math.Clamp(v, Low, High).ToString(CultureInfo.InvariantCulture);
        }
        int count = (High - Low) / Step + 1;
        return (Low + Step * rng.Next(count)).ToString(CultureInfo.InvariantCulture);
    }

    public override JsonNode ToJson()
    {
        var o = new JsonObject { ["int"] = new JsonArray(Low, High) };
        if (Step != 1) o["step"] = Step;
        if (Log) o["log"] = true;
        return o;
    }
}

/// <summary>Real numbers uniform in [Low, High).</summary>
public sealed record UniformDistribution(double Low, double High) : Distribution
{
    public override bool IsContinuous => true;
    public override IReadOnlyList<string> Enumerate() =>
        throw new InvalidOperationException("a uniform distribution is continuous and cannot be enumerated");
    public override string Sample(Random rng) => Number(Low + rng.NextDouble() * (High - Low));
    public override JsonNode ToJson() => new JsonObject { ["uniform"] = new JsonArray(Low, High) };
}

/// <summary>Real numbers whose logarithm is uniform: each decade of [Low, High) is equally likely. Low &gt; 0.</summary>
public sealed record LogUniformDistribution(double Low, double High) : Distribution
{
    public override bool IsContinuous => true;
    public override IReadOnlyList<string> Enumerate() =>
        throw new InvalidOperationException("a log-uniform distribution is continuous and cannot be enumerated");
    public override string Sample(Random rng)
    {
        double lo = Math.Log(Low), hi = Math.Log(High);
        return Number(Math.Exp(lo + rng.NextDouble() * (hi - lo)));
    }
    public override JsonNode ToJson() => new JsonObject { ["log_uniform"] = new JsonArray(Low, High) };
}
