using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Engine;
using Harness.Store;

namespace Harness.Cli.Tests;

/// <summary>
/// A CNN sweep (layer lists and augmentation searched) as a child process, killed with SIGKILL mid-trial and
/// resumed: every trial completes exactly once, as <see cref="SweepProcessTests"/> checks for MLP sweeps.
/// Trials are small CNNs on 8x8 line images; 300 epochs last about a second on an idle core (60 took 0.2 s, shorter than
/// the runner's 250 ms epoch-row flush, so the kill could not land), so the kill lands with epoch rows written.
/// </summary>
public sealed partial class CnnSweepProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-cnn-sweep-").FullName;
    private string Db => Path.Combine(_dir, "h.db");
    private string File => Path.Combine(_dir, "cnn.json");
    private const int Trials = 4, Epochs = 300;

    public CnnSweepProcessTests()
    {
        var data = Path.Combine(_dir, "lines");
        LineIdx.Write(data, 400, 100, seed: 3);
        System.IO.File.WriteAllText(File, $$$"""
            {
              "name": "cnn-tiny",
              "dataset": { "name": "idx", "path": {{{System.Text.Json.JsonSerializer.Serialize(data)}}} },
              "base": { "layers": [{"conv": {"filters": 4, "size": 3}}, {"max_pool": 2}, {"dense": 8}], "activation": "relu",
                        "optimizer": "adam", "learning_rate": 0.003, "batch_size": 8, "epochs": {{{Epochs}}}, "threads": 1 },
              "search": { "space": {
                "layers": [[{"conv": {"filters": 4, "size": 3}}, {"max_pool": 2}, {"dense": 8}],
                           [{"conv": {"filters": 6, "size": 5, "padding": "same"}}, {"avg_pool": 2}, {"dense": 8}]],
                "augmentation.shift": [0, 1] } }
            }
            """);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"^trial (\d+) complete", RegexOptions.Multiline)]
    private static partial Regex CompleteLine();

    private static (Process Process, StringBuilder Output) Start(params string[] args)
    {
        var output = new StringBuilder();
        var p = new Process { StartInfo = CliProcess.StartInfo(args) };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("stderr: " + e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return (p, output);
    }

    private static string Text(StringBuilder output) { lock (output) return output.ToString(); }

    [Fact]
    public void A_cnn_sweep_killed_mid_trial_then_resumed_completes_every_trial_exactly_once()
    {
        var outputs = new StringBuilder();
        bool killed = false;
        using (var reader = new LiteDbExperimentStore(Db))
        {
            var (child, output) = Start("sweep", File, "--db", Db);
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                var trials = reader.GetTrials("cnn-tiny");
                if (trials.Count(t => t.State == TrialState.Complete) >= 1
                    && trials.Any(t => t.State == TrialState.Running && reader.GetEpochs(t.Id).Count is > 0 and <= Epochs - 15))
                {
                    child.Kill(); // SIGKILL on Linux
                    killed = true;
                    break;
                }
                Thread.Sleep(20);
            }
            child.WaitForExit();
            outputs.Append(Text(output));
            Assert.True(killed, "the kill did not land mid-trial:\n" + outputs);
            Assert.Contains(reader.GetTrials("cnn-tiny"), t => t.State == TrialState.Running); // left behind by the kill
        }
        var (last, lastOutput) = Start("sweep", File, "--db", Db);
        Assert.True(last.WaitForExit(TimeSpan.FromSeconds(120)), "resume did not finish:\n" + Text(lastOutput));
        last.WaitForExit();
        outputs.Append(Text(lastOutput));
        Assert.True(last.ExitCode == 0, outputs.ToString());
        Assert.Contains("re-queued", outputs.ToString());

        using var store = new LiteDbExperimentStore(Db);
        var all = store.GetTrials("cnn-tiny");
        Assert.Equal(Trials, all.Count);
        foreach (var t in all)
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal(Enumerable.Range(1, Epochs), store.GetEpochs(t.Id).Select(e => e.Epoch));
            var model = Model.FromBytes(store.LoadModel(t.Id)!);
            Assert.NotNull(model.Config.Layers);
            Assert.Equal(new Harness.Data.ImageShape(1, 8, 8), model.InputShape);
        }
        var completions = CompleteLine().Matches(outputs.ToString()).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(0, Trials), completions.Order());
    }
}
