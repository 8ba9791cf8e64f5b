using Harness.Store;
using Harness.Sweeps;

namespace Harness.Cli.Sweeping;

/// <summary>
/// `sweep FILE --dry-run`: the experiment and plan lines a sweep starts with, what the store holds of the experiment,
/// and the trials a sweep would plan with their states, read without training, loading data or starting an engine.
/// A LiteDB store that does not exist stays absent, an existing one is opened read-only (PostgreSQL: opened as every
/// command opens it, tables created when missing). A spec that the sweep would
/// refuse (another spec under the name, without --new-version) is bad input after the listing, as it is for the sweep.
/// </summary>
internal static class DryRun
{
    public static int Print(TextWriter w, ExperimentSpec spec, string fileName, string? db, bool newVersion)
    {
        var location = StoreAccess.Resolve(db);
        bool absent = !location.IsPostgres && !File.Exists(location.FilePath);
        using var store = absent ? null : StoreAccess.OpenForReading(db);
        string storeName = store is null ? location.FilePath! : StoreAccess.Name(store);
        var preview = SweepPreview.Of(spec, store, newVersion);
        w.WriteLine(Commands.SweepCommand.Header(spec, fileName, storeName));
        w.WriteLine(Commands.SweepCommand.Plan(spec));
        w.WriteLine(StoreLine(spec, preview, store is null));
        w.WriteLine($"engine: {spec.Engine} (not started in a dry run)");
        TextTable.Write(w, ["trial", "state", "val acc", "params"], preview.Trials.Select(t => (IReadOnlyList<string>)[
            t.Number.ToString(), TrialText.State(t, preview.Checkpoints), TrialText.Percent(t.ValidationAccuracy), TrialText.Params(t)]));
        if (preview.MoreToCome)
            w.WriteLine($"tpe: the trials after these {preview.Trials.Count} are proposed from the results of earlier ones, so they cannot be listed ahead");
        if (preview.Unplanned > 0)
            w.WriteLine($"{preview.Unplanned} stored trial(s) of v{preview.Version} are outside this plan (trials or repeats lowered); a sweep leaves them as they are");
        if (preview.Latest?.Version == preview.Version && preview.Trials.Count(t => t.State == TrialState.Failed) is > 0 and var failed)
            w.WriteLine($"{failed} failed trial(s) of v{preview.Version} stay failed; `harness retry {spec.Name}` puts them back to pending for the sweep to train");
        if (preview.NeedsNewVersion)
            throw new UserInputException(SpecChange.Message(preview.Latest!, spec));
        var toRun = preview.ToRun.Count;
        var resumed = preview.FromCheckpoints > 0 ? $" ({preview.FromCheckpoints} going on from their checkpoints on the CPU engine)" : "";
        w.WriteLine($"dry run: a sweep would train {toRun} trial(s) of v{preview.Version}{resumed} in {preview.Groups} group(s) of compatible trials (architecture, batch size, standardization); nothing was trained or stored");
        return CliRunner.ExitOk;
    }

    private static string StoreLine(ExperimentSpec spec, SweepPreview p, bool noStore)
    {
        if (noStore) return $"store: not created yet; a sweep creates it with version 1 of {spec.Name}";
        if (p.Latest is null) return $"store: no experiment named {spec.Name} yet; a sweep creates version 1";
        if (p.Latest.Version == p.Version)
        {
            int finished = p.Trials.Count(t => t.State.IsFinished());
            var states = TrialText.StateCounts(x => x == TrialState.Pending ? 0 : p.Trials.Count(t => t.State == x));
            return $"store: version {p.Version} matches this spec; {finished} of its {p.Trials.Count} planned trials are finished" + (states.Length > 0 ? $" ({states})" : "");
        }
        string change = $"version {p.Latest.Version} of {spec.Name} has another spec (hash {SpecHashText.Short(p.Latest.SpecHash)})";
        return p.NeedsNewVersion
            ? $"store: {change}: a sweep refuses it without --new-version, which starts version {p.Version}"
            : $"store: {change}: with --new-version a sweep starts version {p.Version}";
    }
}
