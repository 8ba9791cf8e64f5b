using Harness.Cli.Sweeping;
using Harness.Cli.Training;
using Harness.Data;
using Harness.Store;
using Harness.Sweeps;

namespace Harness.Cli.Exporting;

/// <summary>
/// `export EXP --trial N --model FILE`: the trial's best model as a model file, with the experiment's dataset beside
/// it (FILE.dataset.json), so `evaluate FILE` rebuilds the same test split.
/// </summary>
internal static class ModelExport
{
    public static void Write(IExperimentStore store, ExperimentRecord e, int number, string path, TextWriter w)
    {
        var trials = store.GetTrials(e.Name, e.Version);
        var trial = trials.FirstOrDefault(t => t.Number == number)
            ?? throw new UserInputException($"--trial: {e.Name} v{e.Version} has no trial {number}; its trials are numbered {Range(trials)}");
        var model = store.LoadModel(trial.Id);
        if (model is null)
        {
            var with = trials.Where(t => t.State == TrialState.Complete).Select(t => t.Number).Take(20).ToList();
            throw new UserInputException($"--trial: trial {number} of {e.Name} v{e.Version} is {trial.State.Name()} and has no stored model; " +
                (with.Count == 0 ? "no trial is complete yet" : $"complete trials: {string.Join(", ", with)}"));
        }
        AtomicFile.WriteAllBytes(path, model);
        var dataset = ExperimentFile.ParseStored(e)?.Dataset;
        if (dataset is not null) ModelDataset.Save(path, dataset);
        w.WriteLine($"wrote trial {number} of {e.Name} v{e.Version} ({TrialText.Params(trial)}) to {Path.GetFullPath(path)}" +
            (dataset is null ? "; the stored experiment names no readable dataset, so evaluate assumes mnist" : $" with its dataset ({dataset.Name})"));
    }


    private static string Range(IReadOnlyList<TrialRecord> trials) =>
        trials.Count == 0 ? "(none)" : $"{trials.Min(t => t.Number)} to {trials.Max(t => t.Number)}";
}
