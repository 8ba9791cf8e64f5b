using System.Diagnostics;
using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>`sweep` and the reading commands' exit codes and messages, run as child processes.</summary>
public sealed class SweepCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-sweepcmd-").FullName;
    private string Db => Path.Combine(_dir, "h.db");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Xor(string space, string extra = "") => $$"""
        {
          "name": "x", {{extra}}
          "dataset": { "name": "xor" },
          "base": { "hidden": [4], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 0, "epochs": 20 },
          "search": { "space": {{space}} }
        }
        """;

    private static (int Exit, string Output) Run(params string[] args) => CliProcess.Run(TimeSpan.FromSeconds(120), args);

    [Fact]
    public void Invalid_file_exits_2_naming_file_path_value_and_allowed_and_creates_no_store()
    {
        var file = Write("bad.json", Xor("""{ "activation": ["relu", "swish"] }"""));
        var (exit, output) = Run("sweep", file, "--db", Db);
        Assert.Equal(2, exit);
        Assert.Contains("bad.json", output);
        Assert.Contains("search.space.activation[1]", output);
        Assert.Contains("swish", output);
        Assert.Contains("relu", output);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void Json_syntax_error_exits_2_with_line_and_column()
    {
        var file = Write("syntax.json", "{\n  \"name\": \"x\",\n  \"dataset\": }\n");
        var (exit, output) = Run("sweep", file, "--db", Db);
        Assert.Equal(2, exit);
        Assert.Contains("syntax.json:3:", output);
    }

    [Fact]
    public void Cuda_engine_is_refused_and_auto_says_it_uses_the_cpu()
    {
        if (Harness.Engine.Cuda.CudaEngine.Unavailable() is null) Assert.Skip("this machine has a usable CUDA device");
        var (exit, output) = Run("sweep", Write("cuda.json", Xor("""{ "width": [2] }""", "\"engine\": \"cuda\",")), "--db", Db);
        Assert.Equal(2, exit);
        Assert.Contains("engine 'cuda': no usable CUDA: ", output);
        (exit, output) = Run("sweep", Write("auto.json", Xor("""{ "width": [2] }""", "\"engine\": \"auto\",")), "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("engine: auto -> cpu", output);
        Assert.Contains("(no usable CUDA: ", output);
    }

    [Fact]
    public void Engine_option_overrides_the_file_and_keeps_the_experiment_resumable()
    {
        if (Harness.Engine.Cuda.CudaEngine.Unavailable() is null) Assert.Skip("this machine has a usable CUDA device");
        var file = Write("engine.json", Xor("""{ "width": [2] }""", "\"engine\": \"auto\","));
        var (exit, output) = Run("sweep", file, "--db", Db, "--engine", "cuda");
        Assert.Equal(2, exit);
        Assert.Contains("engine 'cuda': no usable CUDA: ", output);
        (exit, output) = Run("sweep", file, "--db", Db, "--engine", "cpu");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("no usable CUDA", output);
        // Same spec hash whatever the engine: a rerun under another engine resumes instead of asking for a new version.
        (exit, output) = Run("sweep", file, "--db", Db, "--engine", "auto");
        Assert.Equal(0, exit);
        Assert.Contains("0 ran in this run", output);
        (exit, output) = Run("sweep", file, "--db", Db, "--engine", "tpu");
        Assert.NotEqual(0, exit);
        Assert.Contains("tpu", output);
    }

    [Fact]
    public void Changed_space_is_refused_unless_new_version_and_readers_show_the_results()
    {
        Assert.Equal(0, Run("sweep", Write("a.json", Xor("""{ "width": [2, 4] }""")), "--db", Db).Exit);
        var changed = Write("b.json", Xor("""{ "width": [2, 4, 8] }"""));
        var (exit, output) = Run("sweep", changed, "--db", Db);
        Assert.Equal(2, exit);
        Assert.Contains("--new-version", output);
        Assert.Contains("what the file changed since v1:\n  search.space.width: [2,4] in v1, [2,4,8] in the file", output);
        Assert.DoesNotContain("data: ", output); // refused before the data loads
        Assert.Equal(0, Run("sweep", changed, "--db", Db, "--new-version").Exit);

        var list = Run("list", "--db", Db);
        Assert.Equal(0, list.Exit);
        Assert.Contains("x", list.Output);
        var show = Run("show", "x", "--db", Db);
        Assert.Contains("x v2: 3 trials", show.Output);
        Assert.Matches(@"(?m)^trial +state +val acc +test acc +epochs +best +seconds +engine +params", show.Output);
        Assert.Matches(@"(?m)^\d+ +complete .* cpu +", show.Output); // the engine that trained each trial
        var best = Run("best", "x", "--db", Db, "--version", "1");
        Assert.Equal(0, best.Exit);
        Assert.Contains("test accuracy", best.Output);
        Assert.Contains("\"hidden\"", best.Output);

        var csv = Path.Combine(_dir, "out", "x.csv");
        Assert.Equal(0, Run("export", "x", "--db", Db, "--format", "csv", "--out", csv).Exit);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(4, lines.Length); // header + 3 trials
        Assert.StartsWith("trial_id,number,key,", lines[0]);
        Assert.Contains(",error,engine,device,", lines[0]);
        Assert.Contains("param_width", lines[0]);
        var json = Run("export", "x", "--db", Db, "--format", "json");
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(json.Output).RootElement.GetArrayLength());

        var missing = Run("show", "nope", "--db", Db);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("known: x", missing.Output);
    }

    [Fact]
    public void Dry_run_lists_the_planned_trials_with_their_states_and_never_creates_or_changes_the_store()
    {
        var file = Write("dry.json", Xor("""{ "width": [2, 4] }"""));
        var (exit, output) = Run("sweep", file, "--db", Db, "--dry-run");
        Assert.Equal(0, exit);
        Assert.Contains("store: not created yet", output);
        Assert.Matches(@"(?m)^trial +state +val acc +params$", output);
        Assert.Matches(@"(?m)^0 +pending +- +.*width=2 seed=1$", output);
        Assert.Matches(@"(?m)^1 +pending +- +.*width=4 seed=1$", output);
        Assert.Contains("dry run: a sweep would train 2 trial(s) of v1 in 2 group(s)", output);
        Assert.False(File.Exists(Db));

        Assert.Equal(0, Run("sweep", file, "--db", Db).Exit);
        var before = File.ReadAllBytes(Db);
        var written = File.GetLastWriteTimeUtc(Db);
        (exit, output) = Run("sweep", file, "--db", Db, "--dry-run");
        Assert.Equal(0, exit);
        Assert.Contains("store: version 1 matches this spec; 2 of its 2 planned trials are finished (2 complete)", output);
        Assert.Matches(@"(?m)^0 +complete +\d+\.\d\d % +.*width=2 seed=1$", output);
        Assert.Contains("dry run: a sweep would train 0 trial(s) of v1", output);

        // Another spec under the name: listed, then refused as the sweep refuses it (exit 2), the store untouched.
        (exit, output) = Run("sweep", Write("dry2.json", Xor("""{ "width": [2, 8] }""")), "--db", Db, "--dry-run");
        Assert.Equal(2, exit);
        Assert.Contains("a sweep refuses it without --new-version, which starts version 2", output);
        Assert.Contains("pass --new-version to start version 2", output);
        Assert.Equal(before, File.ReadAllBytes(Db));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Db));
        Assert.Single(Directory.GetFiles(_dir, "h*.db*")); // no LiteDB log or temp file beside it
    }

    [Fact]
    public void Reading_a_missing_store_is_bad_input()
    {
        var (exit, output) = Run("list", "--db", Path.Combine(_dir, "none.db"));
        Assert.Equal(2, exit);
        Assert.Contains("no results store", output);
        Assert.False(File.Exists(Path.Combine(_dir, "none.db")));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")] // kill PID, scancel, a Slurm time limit, docker stop: the same clean stop as Ctrl+C
    public async Task Sigint_or_sigterm_marks_the_running_trial_interrupted_and_exits_130(string signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("sends the signal with kill(1)");
        var file = Write("long.json", """
            { "name": "long", "dataset": { "name": "spirals", "samples": 400 },
              "base": { "hidden": [16], "activation": "tanh", "optimizer": "adam", "batch_size": 8, "epochs": 3000, "threads": 1 },
              "search": { "space": { "learning_rate": [0.01, 0.003] } } }
            """);
        var psi = CliProcess.StartInfo("sweep", file, "--db", Db);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using (var reader = new LiteDbExperimentStore(Db))
        {
            var clock = Stopwatch.StartNew();
            while (!reader.GetTrials("long").Any(t => t.State == TrialState.Running && reader.GetEpochs(t.Id).Count > 0))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no trial started");
                Thread.Sleep(20);
            }
        }
        Process.Start("kill", [$"-{signal}", p.Id.ToString()])!.WaitForExit();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(20)), $"sweep did not stop promptly after SIG{signal}");
        Assert.Equal(130, p.ExitCode);
        Assert.Contains("interrupted", await stderr);
        using (var store = new LiteDbExperimentStore(Db))
        {
            var trials = store.GetTrials("long");
            Assert.Equal(TrialState.Interrupted, trials[0].State);
            Assert.Equal(TrialState.Pending, trials[1].State);
            Assert.DoesNotContain(trials, t => t.State == TrialState.Running);
        }
        _ = await stdout;
    }
}
