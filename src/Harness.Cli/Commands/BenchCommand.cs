using System.CommandLine;
using System.Globalization;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;
using Harness.Sweeps;

namespace Harness.Cli.Commands;

/// <summary>
/// `bench`: trains fixed reference configurations on real MNIST (standard 50k/10k/10k split) and prints seconds per
/// epoch (training plus validation evaluation, median over epochs after the first), samples/s and test accuracy,
/// beside the TorchSharp (libtorch CPU) peer measured on the same 2-core machine kind (none measured for the CNN).
/// --train-limit N times epochs of the first N training images instead (a short measurement). With <c>--engine cuda</c>
/// it runs <see cref="CudaBenchmarks.Cases"/> instead (many Nielsen members, one for 30 epochs, one wide network) and
/// prints microseconds per model-step, seconds and test accuracy beside the goal and the peers measured on the H200.
/// </summary>
internal static class BenchCommand
{
    /// <summary>A reference configuration and the peer's seconds per epoch for it.</summary>
    internal sealed record Reference(string Name, string Description, TrainConfig Config, double PeerSecondsPerEpoch);

    internal static readonly Reference[] References =
    [
        new("nielsen", "[784,30,10] sigmoid, quadratic, SGD lr 3.0, batch 10 (Nielsen)",
            new TrainConfig
            {
                Hidden = [30], Activation = Activation.Sigmoid, OutputActivation = Activation.Sigmoid, Loss = Loss.Quadratic,
                Init = Init.StandardNormal, Optimizer = Optimizer.Sgd, LearningRate = 3.0, BatchSize = 10, Epochs = 3,
            }, 1.07),
        new("relu100", "[784,100,10] ReLU, softmax CE, SGD lr 0.1, batch 64",
            new TrainConfig
            {
                Hidden = [100], Activation = Activation.Relu, Loss = Loss.SoftmaxCrossEntropy, Init = Init.He,
                Optimizer = Optimizer.Sgd, LearningRate = 0.1, BatchSize = 64, Epochs = 3,
            }, 0.31),
        new("lenet", "LeNet-5-sized CNN c6k5same-p2-c16k5-p2-d120-d84 ReLU, softmax CE, Adam lr 0.001, batch 64 (experiments/lenet-cpu.json)",
            ReferenceNetworks.LeNet with { Epochs = 3 }, double.NaN),
    ];

    public static Command Create()
    {
        var which = new Option<string>("--config")
        {
            Description = $"Reference configuration: nielsen, relu100, lenet (a CNN) or all; with --engine cuda: {string.Join(", ", CudaBenchmarks.Cases.Select(c => c.Name))} or all",
            DefaultValueFactory = _ => "all",
        };
        var engine = new Option<string>("--engine") { Description = "cpu (the reference configurations) or cuda (the GPU cases)", DefaultValueFactory = _ => "cpu" };
        engine.AcceptOnlyFromAmong("cpu", "cuda");
        var trainLimit = new Option<int?>("--train-limit") { Description = "Time epochs of the first N training images only (a short measurement; samples/s stays comparable)" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per configuration (>= 2: the first is reported apart as warm-up)", DefaultValueFactory = _ => 4 };
        var threads = new Option<int>("--threads") { Description = "CPU threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("bench", "Time reference configurations on MNIST and compare with the TorchSharp CPU peer");
        command.Options.Add(which);
        command.Options.Add(epochs);
        command.Options.Add(threads);
        command.Options.Add(trainLimit);
        command.Options.Add(dataDir);
        command.Options.Add(engine);
        command.SetAction(p =>
        {
            var name = p.GetValue(which)!.Trim().ToLowerInvariant();
            if (p.GetValue(engine) == "cuda")
            {
                // The CUDA cases fix their own members and epochs on the full split, as their goals are stated.
                foreach (var o in new Option[] { epochs, threads, trainLimit })
                    if (p.GetResult(o) is { Implicit: false })
                        throw new UserInputException($"{o.Name}: applies to the CPU reference configurations only; the CUDA cases train every member for its stated epochs on all 50,000 training images (leave {o.Name} out with --engine cuda)");
                return RunCuda(name, p.GetValue(dataDir)?.FullName);
            }
            var chosen = name == "all" ? References : References.Where(r => r.Name == name).ToArray();
            if (chosen.Length == 0)
                throw new UserInputException($"--config: '{name}' is not a reference configuration; allowed: all, {string.Join(", ", References.Select(r => r.Name))}");
            int n = p.GetValue(epochs);
            if (n < 2) throw new UserInputException($"--epochs: {n} must be >= 2 (the first epoch is warm-up)");
            int t = p.GetValue(threads);
            if (t < 0) throw new UserInputException($"--threads: {t} must be >= 0 (0 = all cores)");
            var limit = p.GetValue(trainLimit);
            if (limit is < 100) throw new UserInputException($"--train-limit: {limit} must be >= 100 (training images per epoch)");

            var data = DatasetCatalog.Load(new DatasetSpec { Name = "mnist", TrainLimit = limit }, p.GetValue(dataDir)?.FullName, Console.WriteLine);
            var w = Console.Out;
            var inv = CultureInfo.InvariantCulture;
            w.WriteLine(string.Create(inv, $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}"));
            w.WriteLine($"{"config",-9} {"s/epoch",8} {"samples/s",10} {"1st epoch",9} {"test acc",8} {"peer s/ep",9} {"peer/ours",9}");
            foreach (var r in chosen)
            {
                var result = Trainer.Train(r.Config with { Epochs = n, Threads = t }, data);
                double median = MedianAfterFirst(result.History);
                var acc = Evaluator.Evaluate(result.Model, data.Test).Accuracy;
                w.WriteLine(string.Create(inv,
                    $"{r.Name,-9} {median,8:F3} {data.Train.Count / median,10:F0} {result.History[0].Seconds,9:F3} {acc * 100,7:F2}% {Peer(r.PeerSecondsPerEpoch),9} {Ratio(r.PeerSecondsPerEpoch / median),9}"));
            }
            w.WriteLine(string.Create(inv, $"s/epoch: median over epochs after the first; an epoch = {data.Train.Count:N0} training samples + evaluation of the {data.Validation.Count:N0} validation images."));
            w.WriteLine("peer/ours > 1 means this engine is faster than the peer.");
            w.WriteLine("peer: TorchSharp 0.107 / libtorch 2.10 CPU, 2 threads, on the same machine kind (quoted from an earlier measurement, not measured in this run); its epochs include test evaluation.");
            return CliRunner.ExitOk;
        });
        return command;
    }

    /// <summary>`bench --engine cuda`: the GPU cases, one line each, then a short table of goals and peers.</summary>
    private static int RunCuda(string name, string? dataDir)
    {
        var chosen = name == "all" ? CudaBenchmarks.Cases : CudaBenchmarks.Cases.Where(c => c.Name == name).ToList();
        if (chosen.Count == 0)
            throw new UserInputException($"--config: '{name}' is not a CUDA case; allowed: all, {string.Join(", ", CudaBenchmarks.Cases.Select(c => c.Name))}");
        EngineChoice.Check("cuda");
        var data = DatasetCatalog.Load(new DatasetSpec { Name = "mnist" }, dataDir, Console.WriteLine);
        using var gpu = EngineChoice.Resolve("cuda", Console.WriteLine);
        if (gpu is CudaEngine cuda) Console.WriteLine(cuda.KernelSummary());
        using var held = gpu.Load(data);
        var w = Console.Out;
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(inv, $"date: {DateTime.UtcNow:yyyy-MM-dd}, .NET {Environment.Version}"));
        w.WriteLine($"{"case",-16} {"members",7} {"epochs",6} {"setup s",8} {"1st ep s",8} {"epoch s",8} {"total s",8} {"us/model-step",13} {"test acc",8} {"path",5} {"blocks",6} goal");
        var results = new List<(CudaBenchResult Result, string Verdict)>();
        foreach (var c in chosen)
        {
            var r = CudaBenchmarks.Run(gpu, held, c);
            var verdict = c.Goal.Verdict(r);
            results.Add((r, verdict));
            w.WriteLine(string.Create(inv,
                $"{c.Name,-16} {c.Members,7} {c.Epochs,6} {r.SetupSeconds,8:F3} {r.FirstEpochSeconds,8:F3} {r.EpochSeconds,8:F3} {r.TotalSeconds,8:F3} {r.MicrosecondsPerModelStep,13:F4} {r.TestAccuracy * 100,7:F2}% {r.Path,5} {(r.BlocksPerMember > 0 ? r.BlocksPerMember.ToString(inv) : "-"),6} {verdict.Split(':')[0]}"));
        }
        w.WriteLine();
        w.WriteLine("goals and peers (the peers quoted as measured on an H200 on 2026-11-29, not in this run; gpu/peers.py measures them on this machine):");
        foreach (var (r, verdict) in results) w.WriteLine($"  {r.Case.Name,-16} goal {r.Case.Goal} ({verdict}); peer {r.Case.Peer}");
        w.WriteLine("epoch s: median of the epochs after the first; an epoch = 50,000 training samples + the 10,000 validation images, for every member.");
        w.WriteLine("blocks: on the fused kernel, the thread blocks that train each member (a group meets at a barrier between phases of a step).");
        return CliRunner.ExitOk;
    }

    private static string Peer(double v) => double.IsNaN(v) ? "-" : v.ToString("F2", CultureInfo.InvariantCulture);

    private static string Ratio(double v) => double.IsNaN(v) ? "-" : v.ToString("F2", CultureInfo.InvariantCulture) + "x";

    /// <summary>Median of the epoch times after the first (the first pays JIT and cache warm-up).</summary>
    internal static double MedianAfterFirst(IReadOnlyList<EpochMetrics> history)
    {
        if (history.Count < 2) throw new ArgumentException($"need at least 2 epochs to time, got {history.Count}");
        var seconds = history.Skip(1).Select(m => m.Seconds).Order().ToArray();
        int mid = seconds.Length / 2;
        return seconds.Length % 2 == 1 ? seconds[mid] : (seconds[mid - 1] + seconds[mid]) / 2;
    }
}
