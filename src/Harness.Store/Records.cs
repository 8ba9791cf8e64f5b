namespace Harness.Store;

/// <summary>One version of an experiment: its name, the spec it was created from and that spec's hash.</summary>
public sealed record ExperimentRecord
{
    public required string Name { get; init; }
    public int Version { get; init; } = 1;
    /// <summary>The experiment file's content as validated JSON.</summary>
    public required string SpecJson { get; init; }
    /// <summary>SHA-256 (hex) of the canonical search-relevant part of the spec; a change needs a new version.</summary>
    public required string SpecHash { get; init; }
    public DateTime CreatedUtc { get; init; }
}

/// <summary>
/// One trial: a configuration and a seed. Params holds the searched hyperparameters by name
/// (numbers as double, categories and lists as their JSON text), ConfigJson the full resolved TrainConfig.
/// </summary>
public sealed record TrialRecord
{
    public long Id { get; init; }
    public required string Experiment { get; init; }
    public int Version { get; init; } = 1;
    /// <summary>0-based position in the sampler's order.</summary>
    public int Number { get; init; }
    /// <summary>Identifies the configuration + repeat, stable across resumes (the sampler's key).</summary>
    public required string Key { get; init; }
    public int Repeat { get; init; }
    public int Seed { get; init; }
    public Dictionary<string, string> Params { get; init; } = [];
    public required string ConfigJson { get; init; }
    public TrialState State { get; init; }
    public string? Engine { get; init; }
    public string? Device { get; init; }
    public string? Host { get; init; }
    public int? ProcessId { get; init; }
    public DateTime CreatedUtc { get; init; }
    public DateTime? StartedUtc { get; init; }
    public DateTime? HeartbeatUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    public double? Seconds { get; init; }
    public int EpochsRun { get; init; }
    public int? BestEpoch { get; init; }
    public double? ValidationAccuracy { get; init; }
    public double? ValidationLoss { get; init; }
    public double? TestAccuracy { get; init; }
    public double? TestLoss { get; init; }
    public string? Error { get; init; }
}

/// <summary>One epoch of one trial. (TrialId, Epoch) is unique.</summary>
public sealed record EpochRecord
{
    public long TrialId { get; init; }
    public int Epoch { get; init; }
    public double TrainLoss { get; init; }
    public double TrainAccuracy { get; init; }
    public double ValidationLoss { get; init; }
    public double ValidationAccuracy { get; init; }
    public double LearningRate { get; init; }
    public double Seconds { get; init; }
}

/// <summary>The end of a trial, written with its state in one transaction.</summary>
public sealed record TrialOutcome
{
    public required TrialState State { get; init; }
    public double Seconds { get; init; }
    public int EpochsRun { get; init; }
    public int? BestEpoch { get; init; }
    public double? ValidationAccuracy { get; init; }
    public double? ValidationLoss { get; init; }
    public double? TestAccuracy { get; init; }
    public double? TestLoss { get; init; }
    public string? Error { get; init; }
    /// <summary>The best model's file bytes, stored with the trial (LiteDB file storage), or null.</summary>
    public byte[]? Model { get; init; }
}

/// <summary>A running or interrupted trial's checkpoint: the engine's state after <paramref name="Epoch"/> epochs (bytes only that engine reads).</summary>
public sealed record TrialCheckpoint(int Epoch, byte[] State);
