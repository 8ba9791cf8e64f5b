using LiteDB;

namespace Harness.Store;

/// <summary>
/// Deleting and renaming experiments, each one transaction refused while a trial of the experiment runs, and
/// retrying failed trials.
/// </summary>
public sealed partial class LiteDbExperimentStore
{
    /// <inheritdoc />
    public bool DeleteExperiment(string name, int? version = null)
    {
        StoreRules.RequireText(name, nameof(name), "experiment name");
        return Write(() =>
        {
            var versions = VersionsOf(name).Where(e => version is null || e.Version == version).ToList();
            if (versions.Count == 0) return false;
            var trials = versions.SelectMany(e => TrialsOf(name, e.Version)).ToList();
            RequireNoneRunning(name, trials, "delete");
            foreach (var t in trials)
            {
                DropAttempt(t.Id);
                TrialsCol.Delete(t.Id);
            }
            foreach (var e in versions) ExperimentsCol.Delete(StoreDocuments.ExperimentId(e.Name, e.Version));
            return true;
        });
    }

    /// <inheritdoc />
    public void RenameExperiment(string name, string newName)
    {
        StoreRules.RequireText(name, nameof(name), "experiment name");
        ExperimentNames.Require(newName, "new experiment name");
        Write(() =>
        {
            var versions = VersionsOf(name);
            if (versions.Count == 0)
                throw new ArgumentException($"there is no experiment '{name}' in store '{Location}' to rename", nameof(name));
            if (newName == name || VersionsOf(newName).Count > 0)
                throw new ArgumentException($"new experiment name '{newName}' is taken; choose a name no experiment has", nameof(newName));
            var trials = versions.SelectMany(e => TrialsOf(name, e.Version)).ToList();
            RequireNoneRunning(name, trials, "rename");
            foreach (var e in versions)
            {
                ExperimentsCol.Delete(StoreDocuments.ExperimentId(e.Name, e.Version));
                ExperimentsCol.Insert(StoreDocuments.ToDocument(e with { Name = newName, SpecJson = SpecRename.Apply(e.SpecJson, name, newName) }));
            }
            // Epoch rows and models are keyed by trial id, which stays; the trial documents carry the name.
            foreach (var t in trials)
            {
                var doc = TrialsCol.FindById(t.Id);
                doc["Experiment"] = newName;
                doc[StoreDocuments.Slot] = StoreDocuments.SlotOf(newName, t.Version, t.Key);
                TrialsCol.Update(doc);
            }
            return 0;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> RetryFailed(string name, int version)
    {
        StoreRules.RequireText(name, nameof(name), "experiment name");
        return Write(() =>
        {
            var retried = new List<TrialRecord>();
            foreach (var t in TrialsOf(name, version).Where(t => t.State == TrialState.Failed))
            {
                DropAttempt(t.Id);
                var pending = StoreRules.Replanned(t);
                TrialsCol.Update(StoreDocuments.ToDocument(pending, null));
                retried.Add(pending);
            }
            return retried;
        });
    }

    /// <summary>Inside a transaction: removes what a trial's attempts left, its epoch rows, model and checkpoint.</summary>
    private void DropAttempt(long trialId)
    {
        EpochsCol.DeleteMany(Query.EQ("TrialId", trialId));
        _db.FileStorage.Delete(StoreDocuments.ModelId(trialId));
        _db.FileStorage.Delete(StoreDocuments.CheckpointId(trialId));
    }

    private List<ExperimentRecord> VersionsOf(string name) =>
        ExperimentsCol.Find(Query.EQ("Name", name)).Select(StoreDocuments.ToExperiment).OrderBy(e => e.Version).ToList();

    /// <summary>Refuses a delete or rename while any of the experiment's trials runs, naming one of them.</summary>
    internal static void RequireNoneRunning(string name, IEnumerable<TrialRecord> trials, string action)
    {
        var running = trials.Where(t => t.State == TrialState.Running).ToList();
        if (running.Count == 0) return;
        var first = running[0];
        throw new InvalidOperationException(
            $"cannot {action} experiment '{name}': {running.Count} of its trials are running (e.g. trial {first.Number} of " +
            $"v{first.Version} in process {first.ProcessId} on '{first.Host}'); stop the sweep first, or wait for it to end");
    }
}
