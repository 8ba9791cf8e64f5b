using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>
/// `harness sweep` as child processes (the built harness.dll run with `dotnet`): SIGKILL at several points and
/// resume, readers while a writer runs, and two writers sharing one store. Each trial is a small spirals net
/// lasting well over the sweep's 250 ms epoch-flush interval (~0.5-1 s), so kills land mid-trial with epoch rows
/// already written (with trials shorter than that, rows appear only just before a trial ends and a kill can miss).
/// </summary>
public sealed partial class SweepProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-sweep-").FullName;
    private string Db => Path.Combine(_dir, "h.db");
    private string File => Path.Combine(_dir, "tiny.json");
    private const int Trials = 8;

    public SweepProcessTests()
    {
        System.IO.File.WriteAllText(File, """
            {
              "name": "tiny",
              "dataset": { "name": "spirals", "samples": 4000 },
              "base": { "hidden": [16], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.01,
                        "batch_size": 8, "epochs": 250, "threads": 1 },
              "repeats": 2,
              "search": { "space": { "width": [8, 16], "learning_rate": [0.01, 0.003] } }
            }
            """);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"^trial (\d+) complete", RegexOptions.Multiline)]
    private static partial Regex CompleteLine();

    /// <summary>A running child: its process and everything it printed so far.</summary>
    private sealed class Child(Process process, StringBuilder output)
    {
        public Process Process { get; } = process;
        public string Output { get { lock (output) return output.ToString(); } }
    }

    private static Child Start(params string[] args)
    {
        var psi = CliProcess.StartInfo(args);
        var output = new StringBuilder();
        var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("stderr: " + e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new Child(p, output);
    }

    private static string Finish(Child c, int expectedExit = 0)
    {
        Assert.True(c.Process.WaitForExit(TimeSpan.FromSeconds(120)), "child did not finish in time:\n" + c.Output);
        c.Process.WaitForExit(); // drain the output handlers
        Assert.True(c.Process.ExitCode == expectedExit, $"exit {c.Process.ExitCode}, expected {expectedExit}:\n{c.Output}");
        return c.Output;
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the store (read while the child writes) or the child ends.</summary>
    private static bool WaitFor(Child c, IExperimentStore reader, Func<IReadOnlyList<TrialRecord>, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (c.Process.HasExited) return false;
            var trials = reader.GetTrials("tiny");
            if (trials.Count > 0 && condition(trials)) return true;
            Thread.Sleep(20);
        }
        throw new TimeoutException("condition not reached:\n" + c.Output);
    }

    /// <summary>
    /// A trial is running with some of its 250 epoch rows written, and far from its last: a kill right after this
    /// lands before the trial ends (seen from its end, the child may finish it and claim nothing before the kill).
    /// </summary>
    private static bool MidTrial(IExperimentStore reader, IReadOnlyList<TrialRecord> trials) =>
        trials.Any(t => t.State == TrialState.Running && reader.GetEpochs(t.Id).Count is > 0 and <= 200);

    /// <summary>Numbers of the trials the store holds as complete.</summary>
    private static HashSet<int> Done(IExperimentStore reader) =>
        [.. reader.GetTrials("tiny").Where(t => t.State == TrialState.Complete).Select(t => t.Number)];

    /// <summary>Trial numbers of the "trial N complete" lines in <paramref name="output"/>.</summary>
    private static List<int> Completions(string output) => [.. CompleteLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value))];

    /// <summary>
    /// After a killed child: the trials it stored as complete without printing their line (a SIGKILL can land between
    /// the store write and the console line). They must never be printed later: a resumed run does not rerun them.
    /// </summary>
    private static IEnumerable<int> Silent(IExperimentStore reader, HashSet<int> doneAtStart, string output) =>
        Done(reader).Except(doneAtStart).Except(Completions(output));

    private void AssertEveryTrialCompletedExactlyOnce(string allOutput, IReadOnlySet<int> silent)
    {
        using var store = new LiteDbExperimentStore(Db); // opens cleanly after the kills
        var trials = store.GetTrials("tiny");
        Assert.Equal(Trials, trials.Count);
        Assert.Equal(Trials, trials.Select(t => t.Key).Distinct().Count());
        foreach (var t in trials)
        {
            Assert.Equal(TrialState.Complete, t.State);
            int expected = t.Params.TryGetValue("epochs", out var e) ? int.Parse(e, System.Globalization.CultureInfo.InvariantCulture) : 250;
            var epochs = store.GetEpochs(t.Id).Select(e => e.Epoch).ToList();
            Assert.Equal(Enumerable.Range(1, expected), epochs); // no duplicates, no gaps
            Assert.Equal(expected, t.EpochsRun);
            Assert.NotNull(store.LoadModel(t.Id));
        }
        var completions = Completions(allOutput);
        Assert.Equal(completions.Count, completions.Distinct().Count()); // no trial completed twice
        Assert.Empty(completions.Intersect(silent)); // a trial stored complete by a killed child was not run again
        Assert.Equal(Enumerable.Range(0, Trials), completions.Concat(silent).Order());
    }

    [Fact]
    public void Killed_at_several_points_then_resumed_every_trial_completes_exactly_once()
    {
        var outputs = new StringBuilder();
        var silent = new HashSet<int>();
        using (var reader = new LiteDbExperimentStore(Db))
        {
            // Kill points: mid first trial; mid trial after 3 complete; mid trial after 6 complete.
            foreach (int completeBefore in new[] { 0, 3, 6 })
            {
                var doneAtStart = Done(reader);
                var child = Start("sweep", File, "--db", Db);
                bool reached = WaitFor(child, reader, trials =>
                    trials.Count(t => t.State == TrialState.Complete) >= completeBefore && MidTrial(reader, trials));
                if (reached) child.Process.Kill(); // SIGKILL on Linux
                child.Process.WaitForExit();
                outputs.Append(child.Output);
                silent.UnionWith(Silent(reader, doneAtStart, child.Output));
                if (reached)
                    Assert.Contains(reader.GetTrials("tiny"), t => t.State == TrialState.Running); // left behind by the kill
            }
        }
        var last = Start("sweep", File, "--db", Db);
        outputs.Append(Finish(last));
        Assert.Contains("re-queued", outputs.ToString());
        AssertEveryTrialCompletedExactlyOnce(outputs.ToString(), silent);
    }

    [Fact]
    public void Killed_mid_cohort_then_resumed_reruns_exactly_the_unfinished_members()
    {
        // Two cohorts of 4 (one per width); in each, the two 100-epoch members finish while the two 250-epoch
        // members still train, so each kill lands with part of a cohort finished and part running.
        System.IO.File.WriteAllText(File, System.IO.File.ReadAllText(File)
            .Replace("\"width\": [8, 16], \"learning_rate\": [0.01, 0.003]", "\"width\": [8, 16], \"epochs\": [100, 250]"));
        var outputs = new StringBuilder();
        var silent = new HashSet<int>();
        int kills = 0;
        using (var reader = new LiteDbExperimentStore(Db))
        {
            foreach (int completeBefore in new[] { 2, 6 })
            {
                var doneAtStart = Done(reader);
                var child = Start("sweep", File, "--db", Db, "--cohort", "4");
                bool reached = WaitFor(child, reader, trials =>
                    trials.Count(t => t.State == TrialState.Complete) >= completeBefore && MidTrial(reader, trials));
                var before = reader.GetTrials("tiny");
                if (reached) child.Process.Kill(); // SIGKILL on Linux
                child.Process.WaitForExit();
                outputs.Append(child.Output);
                silent.UnionWith(Silent(reader, doneAtStart, child.Output));
                if (!reached) continue;
                kills++;
                Assert.Contains("cohorts: up to 4", child.Output);
                var after = reader.GetTrials("tiny");
                Assert.Contains(after, t => t.State == TrialState.Running); // left behind by the kill
                Assert.All(before.Where(t => t.State == TrialState.Complete), t => Assert.Equal(TrialState.Complete, after.Single(a => a.Id == t.Id).State));
            }
        }
        Assert.True(kills >= 1, "no kill landed mid-cohort:\n" + outputs);
        var last = Start("sweep", File, "--db", Db, "--cohort", "4");
        outputs.Append(Finish(last));
        Assert.Contains("re-queued", outputs.ToString());
        AssertEveryTrialCompletedExactlyOnce(outputs.ToString(), silent); // finished members never re-ran
    }

    [Fact]
    public void List_and_show_read_the_store_while_a_sweep_writes_it()
    {
        var writer = Start("sweep", File, "--db", Db);
        using (var reader = new LiteDbExperimentStore(Db))
            Assert.True(WaitFor(writer, reader, trials => trials.Any(t => t.State == TrialState.Complete)), writer.Output);
        for (int i = 0; i < 3 && !writer.Process.HasExited; i++)
        {
            var list = Finish(Start("list", "--db", Db));
            Assert.Contains("tiny", list);
            var show = Finish(Start("show", "tiny", "--db", Db));
            Assert.Contains("complete", show);
            Assert.Contains("learning_rate=", show);
        }
        AssertEveryTrialCompletedExactlyOnce(Finish(writer), new HashSet<int>());
    }

    [Fact]
    public void Two_sweeps_on_one_store_finish_every_trial_exactly_once()
    {
        var a = Start("sweep", File, "--db", Db);
        var b = Start("sweep", File, "--db", Db);
        var both = Finish(a) + Finish(b);
        AssertEveryTrialCompletedExactlyOnce(both, new HashSet<int>());
    }
}
