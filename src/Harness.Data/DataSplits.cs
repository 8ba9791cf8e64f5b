namespace Harness.Data;

/// <summary>
/// Train / validation / test. Validation drives early stopping and model selection; the test split is only
/// ever evaluated, never used to choose anything.
/// </summary>
public sealed record DataSplits(Dataset Train, Dataset Validation, Dataset Test);
