namespace Harness.Engine.Cuda;

/// <summary>
/// Slot numbers of cohort_epoch's per-member arrays, the same numbers as the D_, F_, I_, O_ and S_ defines in
/// cohort.cu: doubles (learning rate, Adam's betas, AdamW's decay, augmentation's ranges), floats (the other
/// coefficients, the elastic strength and smoothing taps), ints (optimizer, decay_biases, dropout seed, elastic radius)
/// and the outputs of an epoch.
/// </summary>
internal static class CohortSlots
{
    public const int Doubles = 8, Floats = 272, Ints = 8, Out = 8;

    public const int LearningRate = 0, Beta1 = 1, Beta2 = 2, Decay = 3, AugShift = 4, AugRotation = 5, AugScale = 6, AugNoise = 7;

    public const int Momentum = 0, Rho = 1, OneMinusRho = 2, Epsilon = 3, L2 = 4, L1 = 5, Dropout = 6, InputDropout = 7,
        Beta1Float = 8, OneMinusBeta1 = 9, Beta2Float = 10, OneMinusBeta2 = 11, ElasticAlpha = 12, ElasticTaps = 16;

    /// <summary>Most taps of the elastic smoothing kernel (2 x radius + 1) the float row holds.</summary>
    public const int MaxElasticTaps = Floats - ElasticTaps;

    public const int Optimizer = 0, DecayBiases = 1, SeedLow = 2, SeedHigh = 3, ElasticRadius = 4;

    public const int LossSum = 0, Correct = 1, FirstLoss = 2, Penalty = 3, ValidationLossSum = 4, ValidationCorrect = 5,
        Status = 6, Steps = 7;
}
