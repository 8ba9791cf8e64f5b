namespace Harness.Engine.Cuda;

/// <summary>
/// Turns the per-member outputs of a device epoch (<see cref="CohortSlots"/>: sums of the batch losses and hits, the
/// first batch's mean loss, the penalty, the validation sums, the status) into the CPU engine's
/// <see cref="MemberEpoch"/>, keeping each member's first loss for the divergence check. Both GPU paths use it.
/// </summary>
internal sealed class EpochOutputs(int members, int trainCount, int validationCount, bool labelled, bool validationLabelled)
{
    private readonly double[] _initialLoss = Enumerable.Repeat(double.NaN, members).ToArray();

    /// <summary>Member <paramref name="m"/>'s epoch from its output slots <paramref name="o"/>.</summary>
    public MemberEpoch Read(int m, int epoch, ReadOnlySpan<double> o, double learningRate, double seconds)
    {
        if (o[CohortSlots.Status] != 0) return new MemberEpoch(epoch, null, Divergence.BatchLoss);
        if (double.IsNaN(_initialLoss[m]) && o[CohortSlots.Steps] > 0) _initialLoss[m] = o[CohortSlots.FirstLoss];
        int n = trainCount, nv = validationCount;
        double trainLoss = o[CohortSlots.LossSum] / n + o[CohortSlots.Penalty];
        double valLoss = nv > 0 ? o[CohortSlots.ValidationLossSum] / nv : double.NaN;
        double valAccuracy = nv > 0 && validationLabelled ? o[CohortSlots.ValidationCorrect] / nv : double.NaN;
        var row = new EpochMetrics(epoch, trainLoss, labelled ? o[CohortSlots.Correct] / n : double.NaN, valLoss, valAccuracy,
            learningRate, seconds);
        return new MemberEpoch(epoch, row, Divergence.Check(_initialLoss[m], trainLoss, valLoss, nv > 0));
    }

    /// <summary>Each member's initial weights, drawn on the host with the CPU's initializer and init stream.</summary>
    public static float[] InitialWeights(TrainConfig config, ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(layout);
        var weights = new float[layout.Count];
        var rng = Rng.Stream(config.Seed, InitStream);
        Initializer.Fill(config.Init, config.InitSigma, layout, weights, ref rng);
        return weights;
    }

    private const int InitStream = 1; // CpuMember's init stream
}
