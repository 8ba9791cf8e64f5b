using Harness.Data;
using Harness.Store;
using Harness.Store.Postgres;

namespace Harness.Cli.Sweeping;

/// <summary>
/// Opening the results store for the sweep and reading commands. A store is named by --store (alias --db), else
/// $HARNESS_STORE, else results/harness.db: a LiteDB file path or postgres://user:password@host:port/database.
/// Messages name a PostgreSQL store by its URI without the password.
/// </summary>
internal static class StoreAccess
{
    /// <summary>The environment variable naming the store when --store is not given.</summary>
    public const string EnvironmentVariable = "HARNESS_STORE";

    /// <summary>--store, else $HARNESS_STORE, else the default LiteDB file, parsed; a malformed URI is bad input.</summary>
    public static StoreLocation Resolve(string? store)
    {
        var text = !string.IsNullOrWhiteSpace(store) ? store
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
            : RepoPaths.Database();
        try { return StoreLocation.Parse(text); }
        catch (ArgumentException e) { throw new UserInputException($"--store: {e.Message}"); }
    }

    /// <summary>
    /// The store for writing. LiteDB: the file, created when missing (missing folders too, each named on standard
    /// output); an existing file that is not a store is refused untouched. PostgreSQL: tables created on first use;
    /// an unreachable server or a refused login is bad input naming the host (never the password), nothing written;
    /// once open, an outage is waited out with a message on standard error each retry.
    /// </summary>
    public static IExperimentStore OpenForWriting(string? store, string option = "--store")
    {
        var location = Resolve(store);
        if (location.IsPostgres) return OpenPostgres(location);
        var path = location.FilePath!;
        if (Commands.OutputPaths.Problem(SourceName(store, option), path, folder: false) is { } problem) throw new UserInputException(problem);
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
    /// The store for reading: a missing LiteDB file is bad input rather than a new empty store, and the file is
    /// opened read-only, so reading commands never create or change a file. PostgreSQL as for writing.
    /// </summary>
    public static IExperimentStore OpenForReading(string? store, string option = "--store")
    {
        var location = Resolve(store);
        if (location.IsPostgres) return OpenPostgres(location);
        var path = ExistingFile(location, store, option);
        return LiteDbExperimentStore.OpenReadOnly(path);
    }

    /// <summary>
    /// The store for a change to what it holds (delete, rename): a LiteDB file must exist (a missing file is bad
    /// input, nothing is created) and is opened for writing; PostgreSQL as for writing.
    /// </summary>
    public static IExperimentStore OpenExistingForWriting(string? store)
    {
        var location = Resolve(store);
        if (location.IsPostgres) return OpenPostgres(location);
        var path = ExistingFile(location, store, "--store");
        return new LiteDbExperimentStore(path);
    }

    /// <summary>Where the store's name came from, for messages: its option, HARNESS_STORE or the default.</summary>
    private static string SourceName(string? store, string option) =>
        !string.IsNullOrWhiteSpace(store) ? option : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } ? EnvironmentVariable : "store";

    /// <summary>The LiteDB file a reading or managing command needs; a missing one is bad input (nothing is created).</summary>
    private static string ExistingFile(StoreLocation location, string? store, string option)
    {
        var path = location.FilePath!;
        if (Directory.Exists(path)) throw new UserInputException(Commands.OutputPaths.Problem(SourceName(store, option), path, folder: false)!);
        if (File.Exists(path)) return path;
        if (!string.IsNullOrWhiteSpace(store)) throw new UserInputException($"{option}: no results store at '{path}'");
        throw new UserInputException($"no results store at '{path}'; run `harness sweep FILE` first or pass --store");
    }

    /// <summary>How messages name an open store: its file, or its URI without the password.</summary>
    public static string Name(IExperimentStore store) => store switch
    {
        LiteDbExperimentStore l => l.Location,
        PostgresExperimentStore p => p.Location,
        _ => store.GetType().Name,
    };

    private static PostgresExperimentStore OpenPostgres(StoreLocation location)
    {
        try
        {
            var store = location.OpenPostgres();
            store.Notice = Console.Error.WriteLine;
            return store;
        }
        catch (StoreUnavailableException e) { throw new UserInputException(e.Message); }
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
