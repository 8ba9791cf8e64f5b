using System.CommandLine;
using System.Globalization;
using Harness.Cli.Sweeping;
using Harness.Store;

namespace Harness.Cli.Commands;

/// <summary>`show EXP`: the experiment's trials, best validation accuracy first; <c>--state</c> and <c>--top</c> narrow them.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("experiment") { Description = "Experiment name" };
        var version = new Option<int?>("--version") { Description = "Experiment version (default: the latest)" };
        var state = new Option<string?>("--state") { Description = $"Only trials in these states, comma-separated: {string.Join(", ", TrialStates.Names)}" };
        var top = new Option<int?>("--top") { Description = "Only the first N trials of the list (the N best by validation accuracy)" };
        var db = CommonOptions.Db();
        var command = new Command("show", "Show an experiment's trials sorted by validation accuracy");
        command.Arguments.Add(name);
        foreach (var o in new Option[] { version, state, top, db }) command.Options.Add(o);
        top.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 and var n) r.AddError($"--top: {n} is not allowed; give a whole number of trials >= 1"); });
        state.Validators.Add(r => { if (States(r.GetValueOrDefault<string?>(), out var bad) is null) r.AddError(bad!); });
        command.SetAction(p =>
        {
            using var store = StoreAccess.OpenForReading(p.GetValue(db));
            Write(Console.Out, store, p.GetValue(name)!, p.GetValue(version), States(p.GetValue(state), out _), p.GetValue(top));
            return CliRunner.ExitOk;
        });
        return command;
    }

    /// <summary>The states <c>--state</c> names (all when not given), or null with <paramref name="error"/> for an unknown one.</summary>
    internal static IReadOnlySet<TrialState>? States(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return Enum.GetValues<TrialState>().ToHashSet();
        var chosen = new HashSet<TrialState>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TrialStates.Parse(part) is not { } s)
            {
                error = $"--state: '{part}' is not a trial state; allowed: {string.Join(", ", TrialStates.Names)}";
                return null;
            }
            chosen.Add(s);
        }
        return chosen;
    }

    internal static void Write(TextWriter w, IExperimentStore store, string name, int? version,
        IReadOnlySet<TrialState>? states = null, int? top = null)
    {
        var e = StoreAccess.Experiment(store, name, version);
        var all = StoreAccess.Ranked(store.GetTrials(e.Name, e.Version));
        var trials = all.Where(t => states is null || states.Contains(t.State)).Take(top ?? int.MaxValue).ToList();
        var checkpoints = store.CheckpointEpochs(e.Name, e.Version);
        w.WriteLine($"{e.Name} v{e.Version}: {all.Count} trials (spec {SpecHashText.Short(e.SpecHash)})" +
            (trials.Count < all.Count ? $"; {Shown(trials.Count, states, top)}" : ""));
        if (trials.Count == 0) return;
        TextTable.Write(w, ["trial", "state", "val acc", "test acc", "epochs", "best", "seconds", "engine", "params", "error"],
            trials.Select(t => (IReadOnlyList<string>)[
                t.Number.ToString(), TrialText.State(t, checkpoints), TrialText.Percent(t.ValidationAccuracy), TrialText.Percent(t.TestAccuracy),
                t.EpochsRun.ToString(), t.BestEpoch?.ToString() ?? "-",
                t.Seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "-", t.Engine ?? "-", TrialText.Params(t), t.Error ?? ""]));
    }

    /// <summary>What the list holds when narrowed: <c>showing 3 (failed, diverged; the first 5)</c>.</summary>
    private static string Shown(int count, IReadOnlySet<TrialState>? states, int? top)
    {
        var how = new List<string>();
        if (states is not null && states.Count < Enum.GetValues<TrialState>().Length)
            how.Add(string.Join(", ", Enum.GetValues<TrialState>().Where(states.Contains).Select(s => s.Name())));
        if (top is { } n) how.Add($"the first {n}");
        return $"showing {count}" + (how.Count > 0 ? $" ({string.Join("; ", how)})" : "");
    }
}
