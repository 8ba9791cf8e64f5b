namespace Harness.Cli.Tests;

/// <summary>`importance EXP`: a table of parameters and importances; bad input (too few trials) exits 2.</summary>
public sealed class ImportanceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-importance-").FullName;
    private string Db => Path.Combine(_dir, "h.db");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static (int Exit, string Output) Run(params string[] args) => CliProcess.Run(TimeSpan.FromSeconds(120), args);

    private string Sweep(string name, string space)
    {
        var path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, $$"""
            { "name": "{{name}}", "dataset": { "name": "xor" },
              "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 5 },
              "search": { "space": {{space}} } }
            """);
        Assert.Equal(0, Run("sweep", path, "--db", Db, "--engine", "cpu").Exit);
        return path;
    }

    [Fact]
    public void Importance_prints_a_table_and_refuses_too_few_trials()
    {
        Sweep("many", """{ "width": [1, 2, 3], "learning_rate": [0.01, 0.3] }""");
        var (exit, output) = Run("importance", "many", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("many v1: parameter importance for validation accuracy (%) over 6 complete trials", output);
        Assert.Matches(@"parameter\s+importance\s+divergence", output);
        Assert.Matches(@"\nwidth\s+[0-9.]+%", output);
        Assert.Matches(@"\nlearning_rate\s+[0-9.]+%", output);

        Sweep("few", """{ "width": [1, 2] }""");
        (exit, output) = Run("importance", "few", "--db", Db);
        Assert.Equal(1, exit); // not bad input: the experiment has too few results yet, as `table` without a complete trial
        Assert.Contains("few v1: parameter importance needs at least 5 complete trials with a validation accuracy (%); there are 2 (2 trials: 2 complete)", output);
    }
}
