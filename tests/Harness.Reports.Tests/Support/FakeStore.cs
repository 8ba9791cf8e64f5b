using Harness.Store;

namespace Harness.Reports.Tests.Support;

/// <summary>An in-test read-only store over fixed records; the write side is not used by reports and throws.</summary>
internal sealed class FakeStore(IReadOnlyList<ExperimentRecord> experiments, IReadOnlyList<TrialRecord> trials,
    Func<TrialRecord, IReadOnlyList<EpochRecord>> epochs, Func<long, byte[]?>? models = null) : IExperimentStore
{
    public static FakeStore Of(string name, IReadOnlyList<TrialRecord> trials, Func<long, byte[]?>? models = null) =>
        new([new ExperimentRecord { Name = name, SpecJson = "{}", SpecHash = "abcdef0123456789" }], trials, FakeTrials.Epochs, models);

    public IReadOnlyList<ExperimentRecord> ListExperiments() => experiments;
    public ExperimentRecord? GetExperiment(string name, int? version = null) =>
        experiments.Where(e => e.Name == name && (version is null || e.Version == version)).MaxBy(e => e.Version);
    public IReadOnlyList<TrialRecord> GetTrials(string experiment, int? version = null) =>
        trials.Where(t => t.Experiment == experiment && (version is null || t.Version == version)).ToList();
    public TrialRecord? GetTrial(long trialId) => trials.FirstOrDefault(t => t.Id == trialId);
    public IReadOnlyList<EpochRecord> GetEpochs(long trialId) => GetTrial(trialId) is { } t ? epochs(t) : [];
    public byte[]? LoadModel(long trialId) => models?.Invoke(trialId);

    public ExperimentRecord OpenExperiment(string name, string specJson, string specHash, bool newVersion) => throw new NotSupportedException();
    public IReadOnlyList<TrialRecord> EnsureTrials(string experiment, int version, IReadOnlyList<TrialRecord> planned) => throw new NotSupportedException();
    public IReadOnlyList<TrialRecord> PlanTrials(string experiment, int version, Func<IReadOnlyList<TrialRecord>, IReadOnlyList<TrialRecord>> plan) => throw new NotSupportedException();
    public bool TryClaim(long trialId, string engine, string device, out TrialRecord running) => throw new NotSupportedException();
    public IReadOnlyList<TrialRecord> ClaimAll(IReadOnlyList<long> trialIds, string engine, string device, bool resume = false) => throw new NotSupportedException();
    public void Heartbeat(long trialId) => throw new NotSupportedException();
    public void AppendEpochs(IReadOnlyList<EpochRecord> epochs) => throw new NotSupportedException();
    public void Finish(long trialId, TrialOutcome outcome) => throw new NotSupportedException();
    public void SaveCheckpoint(long trialId, int epoch, byte[] state) => throw new NotSupportedException();
    public TrialCheckpoint? LoadCheckpoint(long trialId) => null;
    public IReadOnlyDictionary<long, int> CheckpointEpochs(string experiment, int version) => new Dictionary<long, int>();
    public int RequeueStale(TimeSpan heartbeatGrace) => throw new NotSupportedException();
    public bool DeleteExperiment(string name, int? version = null) => throw new NotSupportedException();
    public void RenameExperiment(string name, string newName) => throw new NotSupportedException();
    public IReadOnlyList<TrialRecord> RetryFailed(string name, int version) => throw new NotSupportedException();
    public void Dispose() { }
}
