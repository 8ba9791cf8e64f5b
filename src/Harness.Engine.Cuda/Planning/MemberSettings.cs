namespace Harness.Engine.Cuda;

/// <summary>
/// The per-member knobs as cohort_epoch reads them (<see cref="CohortSlots"/>): one row of doubles, floats and ints
/// per member, with each value rounded as the CPU optimizer rounds it (e.g. 1 - beta1 in double, then to float).
/// The learning rate is set per epoch from the member's schedule. Augmentation's settings are zero for a member without it.
/// </summary>
internal sealed class MemberSettings
{
    /// <summary>The high word of each member's Philox key for dropout masks (the low word is its seed).</summary>
    public const int DropoutKey = 0x5EED_D0;

    public MemberSettings(IReadOnlyList<TrainConfig> members)
    {
        int count = members.Count;
        Doubles = new double[count * CohortSlots.Doubles];
        Floats = new float[count * CohortSlots.Floats];
        Ints = new int[count * CohortSlots.Ints];
        for (int m = 0; m < count; m++) Fill(m, members[m]);
    }

    public double[] Doubles { get; }
    public float[] Floats { get; }
    public int[] Ints { get; }

    /// <summary>Sets member <paramref name="member"/>'s learning rate for the coming epoch.</summary>
    public void SetLearningRate(int member, double rate) => Doubles[member * CohortSlots.Doubles + CohortSlots.LearningRate] = rate;

    private void Fill(int m, TrainConfig c)
    {
        bool adamW = c.Optimizer == Optimizer.AdamW;
        var d = Doubles.AsSpan(m * CohortSlots.Doubles, CohortSlots.Doubles);
        d[CohortSlots.LearningRate] = c.LearningRate;
        d[CohortSlots.Beta1] = c.Beta1;
        d[CohortSlots.Beta2] = c.Beta2;
        d[CohortSlots.Decay] = adamW ? c.L2 : 0;
        var f = Floats.AsSpan(m * CohortSlots.Floats, CohortSlots.Floats);
        f[CohortSlots.Momentum] = (float)c.Momentum;
        f[CohortSlots.Rho] = (float)c.Rho;
        f[CohortSlots.OneMinusRho] = (float)(1 - c.Rho);
        f[CohortSlots.Epsilon] = (float)c.Epsilon;
        f[CohortSlots.L2] = adamW ? 0f : (float)c.L2; // AdamW decays inside the optimizer (NetworkSpec.GradientL2)
        f[CohortSlots.L1] = (float)c.L1;
        f[CohortSlots.Dropout] = (float)c.Dropout;
        f[CohortSlots.InputDropout] = (float)c.InputDropout;
        f[CohortSlots.Beta1Float] = (float)c.Beta1;
        f[CohortSlots.OneMinusBeta1] = (float)(1 - c.Beta1);
        f[CohortSlots.Beta2Float] = (float)c.Beta2;
        f[CohortSlots.OneMinusBeta2] = (float)(1 - c.Beta2);
        var i = Ints.AsSpan(m * CohortSlots.Ints, CohortSlots.Ints);
        i[CohortSlots.Optimizer] = (int)c.Optimizer;
        i[CohortSlots.DecayBiases] = c.DecayBiases ? 1 : 0;
        i[CohortSlots.SeedLow] = c.Seed;
        i[CohortSlots.SeedHigh] = DropoutKey;
        if (c.Augmentation is { } a) FillAugmentation(d, f, i, a);
    }

    // The augmentation's ranges in double (the CPU's Augmenter computes with them in double), the elastic strength as
    // the float it multiplies by, and the smoothing kernel's very floats (ImageWarp.GaussianKernel).
    private static void FillAugmentation(Span<double> d, Span<float> f, Span<int> i, Augmentation a)
    {
        d[CohortSlots.AugShift] = a.Shift;
        d[CohortSlots.AugRotation] = a.Rotation;
        d[CohortSlots.AugScale] = a.Scale;
        d[CohortSlots.AugNoise] = a.Noise;
        if (a.ElasticAlpha <= 0) return;
        f[CohortSlots.ElasticAlpha] = (float)a.ElasticAlpha;
        var taps = Harness.Data.ImageWarp.GaussianKernel(a.ElasticSigma);
        if (taps.Length > CohortSlots.MaxElasticTaps)
            throw new ArgumentException($"augmentation.elastic_sigma: {a.ElasticSigma} needs {taps.Length} smoothing taps; the CUDA engine holds {CohortSlots.MaxElasticTaps}");
        taps.CopyTo(f[CohortSlots.ElasticTaps..]);
        i[CohortSlots.ElasticRadius] = taps.Length / 2;
    }
}
