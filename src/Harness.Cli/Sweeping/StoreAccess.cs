using Harness.Data;
using Harness.Store;

namespace Harness.Cli.Sweeping;

/// <summary>Opening the results store for the sweep and reading commands.</summary>
internal static class StoreAccess
{
    /// <summary>
    /// The store at --db (default results/harness.db), created when missing. Missing folders on the way are created
    /// too, and each one created is named on standard output. An existing file that is not a store is refused untouched.
    /// </summary>
    public static LiteDbExperimentStore OpenForWriting(FileInfo? db)
    {
        var path = RepoPaths.Database(db?.FullName);
        var missing = new List<string>();
        for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir) && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            missing.Add(dir);
        if (missing.Count > 0)
        {
            Directory.CreateDirectory(missing[0]);
            foreach (var dir in Enumerable.Reverse(missing)) Console.WriteLine($"created folder {dir} for the results store");
        }
        return new LiteDbExperimentStore(path);
    }

    /// <summary>
    /// The store at --db for reading: a missing file is bad input rather than a new empty store, and the file is
    /// opened read-only, so reading commands never create or change a file.
    /// </summary>
    public static LiteDbExperimentStore OpenForReading(FileInfo? db)
    {
        var path = RepoPaths.Database(db?.FullName);
        if (!File.Exists(path)) throw new UserInputException($"no results store at '{path}'; run `harness sweep FILE` first or pass --db");
        return LiteDbExperimentStore.OpenReadOnly(path);
    }

    /// <summary>
    /// The store at --db for a change to what it holds (delete, rename): it must exist (a missing file is bad input,
    /// nothing is created) and is opened for writing.
    /// </summary>
    public static LiteDbExperimentStore OpenExistingForWriting(FileInfo? db)
    {
        var path = RepoPaths.Database(db?.FullName);
        if (!File.Exists(path)) throw new UserInputException($"no results store at '{path}'; run `harness sweep FILE` first or pass --db");
        return new LiteDbExperimentStore(path);
    }

    /// <summary>The experiment version (latest when null); unknown names list the known ones.</summary>
    public static ExperimentRecord Experiment(IExperimentStore store, string name, int? version)
    {
        if (store.GetExperiment(name, version) is { } e) return e;
        var known = store.ListExperiments().Select(x => x.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var what = version is { } v ? $"experiment '{name}' version {v}" : $"experiment '{name}'";
        throw new UserInputException($"{what} is not in the store; known: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}");
    }

    /// <summary>Trials ranked best first: validation accuracy descending (missing last), then number.</summary>
    public static IReadOnlyList<TrialRecord> Ranked(IEnumerable<TrialRecord> trials) =>
        [.. trials.OrderBy(t => t.ValidationAccuracy is null).ThenByDescending(t => t.ValidationAccuracy ?? 0).ThenBy(t => t.Number)];
}
