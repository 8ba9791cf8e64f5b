namespace Harness.Cli.Tests;

/// <summary>`sweep --trials`, growing an experiment, and a random search without trials, run as child processes.</summary>
public sealed class SweepTrialsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-sweeptrials-").FullName;
    private string Db => Path.Combine(_dir, "h.db");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Write(string name, string search, int repeats = 1)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $$"""
            {
              "name": "g", "repeats": {{repeats}},
              "dataset": { "name": "xor" },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 3 },
              "search": {{search}}
            }
            """);
        return path;
    }

    private static (int Exit, string Output) Run(params string[] args) => CliProcess.Run(TimeSpan.FromSeconds(120), args);

    [Fact]
    public void Trials_option_grows_a_random_search_in_the_same_version()
    {
        var file = Write("r.json", """{ "strategy": "random", "trials": 2, "space": { "learning_rate": {"log_uniform": [0.01, 0.1]} } }""");
        Assert.Equal(0, Run("sweep", file, "--db", Db).Exit);
        var (exit, output) = Run("sweep", file, "--db", Db, "--trials", "4");
        Assert.Equal(0, exit);
        Assert.Contains("4 configurations", output);
        Assert.Contains("2 ran in this run", output);
        Assert.Contains("g v1: 4 trials", Run("show", "g", "--db", Db).Output);
    }

    [Fact]
    public void Raising_repeats_in_the_file_continues_the_same_version()
    {
        Assert.Equal(0, Run("sweep", Write("a.json", """{ "space": { "width": [2, 3] } }"""), "--db", Db).Exit);
        var (exit, output) = Run("sweep", Write("b.json", """{ "space": { "width": [2, 3] } }""", repeats: 2), "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("2 ran in this run", output);
        Assert.Contains("g v1: 4 trials", Run("show", "g", "--db", Db).Output);
    }

    [Fact]
    public void Trials_option_is_refused_for_a_grid_and_random_without_trials_is_an_error()
    {
        var (exit, output) = Run("sweep", Write("grid.json", """{ "space": { "width": [2] } }"""), "--db", Db, "--trials", "5");
        Assert.Equal(2, exit);
        Assert.Contains("grid.json", output);
        Assert.Contains("--trials: 5 is not allowed here; search.strategy is 'grid', which runs every combination", output);

        var random = Write("random.json", """{ "strategy": "random", "space": { "width": [2, 3] } }""");
        (exit, output) = Run("sweep", random, "--db", Db);
        Assert.Equal(2, exit);
        Assert.Contains("random.json: search.trials: missing; strategy 'random' needs the number of configurations to draw", output);
        Assert.False(File.Exists(Db));
        (exit, output) = Run("sweep", random, "--db", Db, "--trials", "1");
        Assert.Equal(0, exit);
        Assert.Contains("1 configurations", output);

        (exit, output) = Run("sweep", random, "--db", Db, "--trials", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--trials: 0 is not allowed; an integer in [1, 100000]", output);
    }
}
