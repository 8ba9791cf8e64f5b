using System.Diagnostics;
using System.Text;
using Harness.Store;

namespace Harness.Cli.Tests.Cluster;

/// <summary>Tiny experiments and CLI child processes for the cluster tests.</summary>
internal static class ClusterRuns
{
    /// <summary>4 configurations x <paramref name="repeats"/> seeds on spiral points (default: 8 trials of about a second of CPU).</summary>
    public static string Tiny(TempDir dir, string name = "tiny", int samples = 300, int epochs = 10, int repeats = 2)
    {
        var path = dir.File(name + ".json");
        File.WriteAllText(path, $$"""
            {
              "name": "{{name}}",
              "dataset": { "name": "spirals", "samples": {{samples}} },
              "base": { "hidden": [8], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.01,
                        "batch_size": 16, "epochs": {{epochs}}, "threads": 1 },
              "repeats": {{repeats}},
              "search": { "space": { "width": [4, 8], "learning_rate": [0.01, 0.003] } }
            }
            """);
        return path;
    }

    /// <summary>
    /// A TPE search of <paramref name="trials"/> trials (one seed each) on spiral points, 2 random startup trials:
    /// the rest are planned from the finished ones while workers run.
    /// </summary>
    public static string TinyTpe(TempDir dir, int trials, string name = "tpe")
    {
        var path = dir.File(name + ".json");
        File.WriteAllText(path, $$"""
            {
              "name": "{{name}}",
              "dataset": { "name": "spirals", "samples": 200 },
              "base": { "hidden": [8], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.01,
                        "batch_size": 16, "epochs": 4, "threads": 1 },
              "search": { "strategy": { "tpe": { "startup_trials": 2 } }, "trials": {{trials}}, "seed": 5,
                          "space": { "learning_rate": {"log_uniform": [0.001, 0.1]}, "width": [4, 8, 16] } }
            }
            """);
        return path;
    }

    /// <summary>A running CLI child and everything it printed so far.</summary>
    public sealed class Child(Process process, StringBuilder output) : IDisposable
    {
        public Process Process { get; } = process;
        public string Output { get { lock (output) return output.ToString(); } }

        /// <summary>Waits for the exit; a child still running after <paramref name="limit"/> is killed and fails the test.</summary>
        public int Wait(TimeSpan limit)
        {
            if (!Process.WaitForExit(limit))
            {
                Process.Kill(entireProcessTree: true);
                Assert.Fail($"a worker did not finish within {limit}: {Output}");
            }
            Process.WaitForExit();
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    public static Child Start(params string[] args)
    {
        var output = new StringBuilder();
        var p = new Process { StartInfo = CliProcess.StartInfo(args) };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("stderr: " + e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new Child(p, output);
    }

    /// <summary>What must agree between two runs of one experiment: per trial key, its state, metrics and epoch rows.</summary>
    public static SortedDictionary<string, string> Results(IExperimentStore store, string experiment)
    {
        var results = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in store.GetTrials(experiment))
        {
            var epochs = store.GetEpochs(t.Id);
            var curve = string.Join(";", epochs.Select(e => $"{e.Epoch}:{e.TrainLoss:R}:{e.ValidationAccuracy:R}"));
            results[t.Key] = $"{t.State} {t.EpochsRun} {t.BestEpoch} {t.ValidationAccuracy:R} {t.TestAccuracy:R} {t.TestLoss:R} " +
                             $"{(store.LoadModel(t.Id) is { } m ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(m)) : "-")} {curve}";
        }
        return results;
    }

    /// <summary>Every trial has exactly one row per epoch it ran, numbered 1..EpochsRun.</summary>
    public static void AssertOneRowPerEpoch(IExperimentStore store, string experiment)
    {
        foreach (var t in store.GetTrials(experiment))
            Assert.Equal(Enumerable.Range(1, t.EpochsRun), store.GetEpochs(t.Id).Select(e => e.Epoch));
    }
}
