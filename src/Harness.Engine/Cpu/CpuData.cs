using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// The CPU engine's dataset: the splits in memory, plus the standardized training and validation splits,
/// computed once on first use and shared by every cohort that standardizes.
/// </summary>
internal sealed class CpuData : IEngineData
{
    private readonly Lazy<PreparedData> _standardized;

    public CpuData(DataSplits splits)
    {
        ArgumentNullException.ThrowIfNull(splits);
        Splits = splits;
        _standardized = new(() =>
        {
            var s = Standardization.Fit(splits.Train);
            return new PreparedData(s.Apply(splits.Train), s.Apply(splits.Validation), s);
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DataSplits Splits { get; }

    /// <summary>Training and validation splits as the network sees them.</summary>
    public PreparedData Prepared(bool standardize) =>
        standardize ? _standardized.Value : new PreparedData(Splits.Train, Splits.Validation, null);

    public void Dispose() { }
}

/// <summary>Splits as a cohort trains on them, with the standardization that produced them (null: raw).</summary>
internal sealed record PreparedData(Dataset Train, Dataset Validation, Standardization? Standardization);
