namespace Harness.Engine;

/// <summary>
/// Tracks the monitored validation metric epoch by epoch and says when to stop. An epoch is a new best when its
/// value beats the best so far by more than <see cref="EarlyStopping.MinDelta"/> (higher is better for
/// <see cref="Monitor.ValAccuracy"/>, lower for <see cref="Monitor.ValLoss"/>); the first finite value is always
/// a new best. NaN and infinite values never count as best. After <see cref="EarlyStopping.Patience"/>
/// consecutive epochs without a new best, <see cref="ShouldStop"/> turns true (patience 0 = stop at the first
/// epoch that does not improve).
/// </summary>
public sealed class EarlyStopper
{
    private readonly EarlyStopping _settings;

    public EarlyStopper(EarlyStopping settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Patience < 0)
            throw new ArgumentException($"early_stopping.patience: {settings.Patience} is not allowed; it must be >= 0");
        if (!(settings.MinDelta >= 0 && double.IsFinite(settings.MinDelta)))
            throw new ArgumentException($"early_stopping.min_delta: {settings.MinDelta} is not allowed; it must be a finite value >= 0");
        if (!Enum.IsDefined(settings.Monitor))
            throw new ArgumentException($"early_stopping.monitor: unknown value '{settings.Monitor}'; allowed: {string.Join(", ", Enum.GetNames<Monitor>())}");
        _settings = settings;
    }

    /// <summary>True while the last Patience (at least one) epochs in a row have brought no new best.</summary>
    public bool ShouldStop => EpochsWithoutImprovement > 0 && EpochsWithoutImprovement >= _settings.Patience;

    /// <summary>1-based epoch of the best value so far; 0 before any finite value was seen.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best monitored value so far; NaN before any finite value was seen.</summary>
    public double BestValue { get; private set; } = double.NaN;

    /// <summary>Consecutive epochs since the last new best (or since the start, if none yet).</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>Records one epoch. Returns true when it is a new best (the caller keeps its weights).</summary>
    public bool Update(EpochMetrics metrics)
    {
        double value = _settings.Monitor == Monitor.ValAccuracy ? metrics.ValidationAccuracy : metrics.ValidationLoss;
        if (IsImprovement(value))
        {
            BestValue = value;
            BestEpoch = metrics.Epoch;
            EpochsWithoutImprovement = 0;
            return true;
        }
        EpochsWithoutImprovement++;
        return false;
    }

    private bool IsImprovement(double value)
    {
        if (!double.IsFinite(value)) return false;
        if (double.IsNaN(BestValue)) return true;
        return _settings.Monitor == Monitor.ValAccuracy
            ? value - BestValue > _settings.MinDelta
            : BestValue - value > _settings.MinDelta;
    }
}
