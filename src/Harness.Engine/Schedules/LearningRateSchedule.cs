namespace Harness.Engine;

/// <summary>
/// The learning rate of each epoch: <see cref="TrainConfig.LearningRate"/> times a factor from
/// <see cref="TrainConfig.Schedule"/>. With E = <see cref="TrainConfig.Epochs"/> and e the 0-based epoch:
/// <list type="bullet">
/// <item>Constant: 1.</item>
/// <item>Step: DecayRate^⌊e / StepEpochs⌋ (multiplied by DecayRate every StepEpochs epochs).</item>
/// <item>Exponential: DecayRate^e.</item>
/// <item>Cosine: F + (1 − F)·(1 + cos(π·e/(E−1)))/2, from 1 at the first epoch to F = FinalFactor at the last.</item>
/// <item>Linear: F + (1 − F)·(1 − e/(E−1)), likewise from 1 to F ("decay by ~100x by the end" with F = 0.01).</item>
/// </list>
/// Cosine and Linear reach FinalFactor exactly at e = E−1 and hold it after that. With E = 1 the only epoch is the
/// first, and it uses the full learning rate (factor 1): there is no room to decay.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate for 0-based <paramref name="epoch"/>.</summary>
    public static double Rate(TrainConfig config, int epoch) => config.LearningRate * Factor(config, epoch);

    /// <summary>The factor that multiplies <see cref="TrainConfig.LearningRate"/> at 0-based <paramref name="epoch"/>.</summary>
    public static double Factor(TrainConfig config, int epoch)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epoch is 0-based and must be >= 0");
        switch (config.Schedule)
        {
            case Schedule.Constant:
                return 1;
            case Schedule.Step:
                CheckDecayRate(config);
                if (config.StepEpochs < 1)
                    throw new ArgumentException($"step_epochs: {config.StepEpochs} is not allowed; the step schedule needs step_epochs >= 1");
                return Math.Pow(config.DecayRate, epoch / config.StepEpochs);
            case Schedule.Exponential:
                CheckDecayRate(config);
                return Math.Pow(config.DecayRate, epoch);
            case Schedule.Cosine:
            case Schedule.Linear:
                {
                    double f = config.FinalFactor;
                    if (!(f >= 0 && double.IsFinite(f)))
                        throw new ArgumentException($"final_factor: {f} is not allowed; it must be a finite value >= 0");
                    if (config.Epochs < 1)
                        throw new ArgumentException($"epochs: {config.Epochs} is not allowed; it must be >= 1");
                    if (config.Epochs == 1) return 1;
                    if (epoch >= config.Epochs - 1) return f;
                    double t = (double)epoch / (config.Epochs - 1); // progress in [0, 1)
                    double shape = config.Schedule == Schedule.Cosine ? (1 + Math.Cos(Math.PI * t)) / 2 : 1 - t;
                    return f + (1 - f) * shape;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.Schedule,
                    $"schedule: unknown value '{config.Schedule}'; allowed: {string.Join(", ", Enum.GetNames<Schedule>())}");
        }
    }

    private static void CheckDecayRate(TrainConfig config)
    {
        if (!(config.DecayRate > 0 && double.IsFinite(config.DecayRate)))
            throw new ArgumentException($"decay_rate: {config.DecayRate} is not allowed; it must be a finite value > 0");
    }
}
