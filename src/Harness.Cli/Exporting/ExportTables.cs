using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Exporting;

/// <summary>
/// The tables `export` writes: one row per trial (ids, state, metrics, the engine and device that trained it, searched
/// parameters as typed columns), or with
/// --epochs one row per trial and epoch (the trial's ids and parameters, then the epoch's metrics).
/// </summary>
internal static class ExportTables
{
    private static readonly ExportColumn[] TrialColumns =
    [
        new("trial_id", typeof(long)), new("number", typeof(long)), new("key", typeof(string)), new("repeat", typeof(long)),
        new("seed", typeof(long)), new("state", typeof(string)), new("validation_accuracy", typeof(double)),
        new("validation_loss", typeof(double)), new("test_accuracy", typeof(double)), new("test_loss", typeof(double)),
        new("best_epoch", typeof(long)), new("epochs_run", typeof(long)), new("seconds", typeof(double)), new("error", typeof(string)),
        new("engine", typeof(string)), new("device", typeof(string)),
    ];

    private static readonly ExportColumn[] EpochColumns =
    [
        new("epoch", typeof(long)), new("train_loss", typeof(double)), new("train_accuracy", typeof(double)),
        new("validation_loss", typeof(double)), new("validation_accuracy", typeof(double)), new("learning_rate", typeof(double)),
        new("epoch_seconds", typeof(double)),
    ];

    private static readonly ExportColumn[] EpochTrialColumns =
        [new("trial_id", typeof(long)), new("number", typeof(long)), new("repeat", typeof(long)), new("seed", typeof(long)), new("state", typeof(string))];

    public static ExportTable Trials(IReadOnlyList<TrialRecord> trials)
    {
        var (paramColumns, paramValues) = Params(trials);
        var rows = trials.Select((t, i) => (object?[])[
            t.Id, (long)t.Number, t.Key, (long)t.Repeat, (long)t.Seed, t.State.Name(), t.ValidationAccuracy,
            t.ValidationLoss, t.TestAccuracy, t.TestLoss, (long?)t.BestEpoch, (long)t.EpochsRun, t.Seconds, t.Error,
            t.Engine, t.Device, .. paramValues.Select(column => column[i])]).ToList();
        return new ExportTable([.. TrialColumns, .. paramColumns], rows);
    }

    public static ExportTable Epochs(IReadOnlyList<TrialRecord> trials, Func<TrialRecord, IReadOnlyList<EpochRecord>> epochsOf)
    {
        var (paramColumns, paramValues) = Params(trials);
        var rows = new List<object?[]>();
        for (int i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            foreach (var e in epochsOf(t))
                rows.Add([
                    t.Id, (long)t.Number, (long)t.Repeat, (long)t.Seed, t.State.Name(),
                    .. paramValues.Select(column => column[i]),
                    (long)e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate, e.Seconds]);
        }
        return new ExportTable([.. EpochTrialColumns, .. paramColumns, .. EpochColumns], rows);
    }

    /// <summary>One typed column per searched parameter ("param_NAME"), in name order.</summary>
    private static (List<ExportColumn> Columns, List<object?[]> Values) Params(IReadOnlyList<TrialRecord> trials)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new List<ExportColumn>();
        var values = new List<object?[]>();
        foreach (var name in names)
        {
            var (type, column) = ParamValue.Column([.. trials.Select(t => t.Params.GetValueOrDefault(name))]);
            columns.Add(new ExportColumn("param_" + name, type));
            values.Add(column);
        }
        return (columns, values);
    }
}
