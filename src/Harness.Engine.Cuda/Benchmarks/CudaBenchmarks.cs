using System.Diagnostics;
using Harness.Cuda;
using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// The GPU measurements as code: many Nielsen members, one Nielsen member for 30 epochs, one wide member, the
/// largest batch-16 draw of the 100-trial random search on either path, and the convolutional networks (LeNet alone and
/// as a cohort of 132, the lecture's CNN alone).
/// </summary>
public static class CudaBenchmarks
{
    /// <summary>Nielsen's recipe: [784,30,10] sigmoid, quadratic cost, N(0,1) init, SGD lr 3.0, batch 10.</summary>
    public static readonly TrainConfig Nielsen = new()
    {
        Hidden = [30],
        Activation = Activation.Sigmoid,
        OutputActivation = Activation.Sigmoid,
        Loss = Loss.Quadratic,
        Init = Init.StandardNormal,
        Optimizer = Optimizer.Sgd,
        LearningRate = 3.0,
        BatchSize = 10,
    };

    /// <summary>The wide case: [784,800,800,10] ReLU, softmax cross-entropy, Adam 1e-3, batch 128.</summary>
    public static readonly TrainConfig Wide = new()
    {
        Hidden = [800, 800],
        Activation = Activation.Relu,
        Loss = Loss.SoftmaxCrossEntropy,
        Init = Init.He,
        Optimizer = Optimizer.Adam,
        LearningRate = 1e-3,
        BatchSize = 128,
    };

    /// <summary>
    /// The largest batch-16 draw of experiments/mnist-random.json raised to 100 trials (draw 18): [784,416,320,512,10]
    /// leaky ReLU, SGD with L2, dropout and input dropout. A batch under <see cref="WidePath.MinBatch"/> keeps it on the
    /// fused kernel, where one member alone on its share of the device is split over a group of blocks.
    /// </summary>
    public static readonly TrainConfig RandomDeep = new()
    {
        Hidden = [416, 320, 512],
        Activation = Activation.LeakyRelu,
        Loss = Loss.SoftmaxCrossEntropy,
        Init = Init.GlorotNormal,
        Optimizer = Optimizer.Sgd,
        LearningRate = 0.1,
        L2 = 1.8e-5,
        Dropout = 0.02,
        InputDropout = 0.1,
        BatchSize = 16,
    };

    public static readonly IReadOnlyList<CudaBenchCase> Cases =
    [
        Many(1, "JAX jit(scan) 16.4 us per step"),
        Many(132, "JAX vmap 0.344 us at 64 models; persistent-kernel probe 0.094"),
        Many(1024, "JAX vmap 0.140; probe 0.091"),
        Many(4096, "JAX vmap 0.127"),
        new("nielsen-30ep", "Nielsen [784,30,10], one member, 30 epochs", Nielsen, 1, 30, new(MaxTotalSeconds: 1.0, MinTestAccuracy: 0.945),
            "JAX scan ~2.5 s; PyTorch eager ~184 s"),
        new("wide", "[784,800,800,10] ReLU, softmax CE, Adam 1e-3, batch 128, one member, 10 epochs", Wide, 1, 10,
            new(MaxTotalSeconds: 0.25, MinTestAccuracy: 0.98), "JAX 0.27 s; PyTorch eager 6.29 s"),
        new("wide-fused", "the wide case on the fused kernel (groups of blocks), for comparison", Wide, 1, 10,
            new(Words: "the wide path's figure or better"), "the wide case above", Path: CudaEngine.FusedPath),
        new("wide-tf32", "the wide case on the wide path with TF32 tensor cores", Wide, 1, 10,
            new(MaxTotalSeconds: 0.25, MinTestAccuracy: 0.98), "JAX 0.27 s (fp32)", Path: CudaEngine.WideCohortPath, Tf32: true),
        new("random-deep", "the 100-trial random search's largest batch-16 draw [784,416,320,512,10], one member, 2 epochs", RandomDeep, 1, 2,
            new(Words: "its 30 epochs well inside the search's 30 s"), "none measured"),
        new("random-deep-wide", "the same draw on the wide path, for comparison", RandomDeep, 1, 2,
            new(Words: "says whether batch 16 belongs on the wide path"), "the case above", Path: CudaEngine.WideCohortPath),
        new("lenet", "LeNet-5-sized CNN c6k5same-p2-c16k5-p2-d120-d84, Adam, batch 64, one member, 3 epochs", ReferenceNetworks.LeNet, 1, 3,
            new(Words: "an epoch well under the CPU engine's"), "CPU engine 10.30 s per epoch on 2 cores (docs/benchmarks.md; quoted, not measured in this run)"),
        new("lenet-x132", "LeNet-5-sized CNN, 132 members (a CNN sweep's cohort), 2 epochs", ReferenceNetworks.LeNet, 132, 2,
            new(Words: "132 CNNs in about the time of one"), "none measured"),
        new("cnn-lecture", "the lecture's CNN c32k5same-p2-c64k5same-p2-d1024, dropout 0.5, Adam 1e-4, batch 50, one member, 2 epochs", ReferenceNetworks.LectureCnn, 1, 2,
            new(Words: "20 epochs (experiments/cnn-mnist.json) in minutes"), "none measured"),
    ];

    /// <summary>Trains the case on <paramref name="data"/> (held by <paramref name="engine"/>) and times it.</summary>
    public static CudaBenchResult Run(IEngine engine, IEngineData data, CudaBenchCase c)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(c);
        var configs = Enumerable.Range(0, c.Members).Select(i => c.Config with { Seed = 1 + i, Epochs = c.Epochs }).ToArray();
        var total = Stopwatch.StartNew();
        using var cohort = c.Path is not null && engine is CudaEngine cuda
            ? cuda.CreateCohort(data, configs, c.Path, c.Tf32 ? BlasMathMode.Tf32 : BlasMathMode.Default)
            : engine.CreateCohort(data, configs);
        double setup = total.Elapsed.TotalSeconds;
        var epochs = new List<double>(c.Epochs);
        for (int e = 0; e < c.Epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            cohort.RunEpoch(CancellationToken.None);
            epochs.Add(clock.Elapsed.TotalSeconds);
        }
        var model = cohort.Export(0, best: false);
        double seconds = total.Elapsed.TotalSeconds;
        double median = Median(epochs.Count > 1 ? epochs.Skip(1) : epochs);
        int n = data.Splits.Train.Count;
        long steps = CohortPlan.Steps(n, CohortPlan.ResolveBatch(c.Config.BatchSize, n));
        double accuracy = Evaluator.Evaluate(model, data.Splits.Test).Accuracy;
        return new CudaBenchResult(c, setup, epochs[0], median, seconds, median / (c.Members * (double)steps) * 1e6, accuracy,
            cohort is WideCohort w ? (w.StepRecorded ? CudaEngine.WideCohortPath : $"{CudaEngine.WideCohortPath} (no graph)") : CudaEngine.FusedPath,
            cohort is CudaCohort fused ? fused.Group : 0);
    }

    private static CudaBenchCase Many(int members, string peer) =>
        new($"nielsen-x{members}", $"Nielsen [784,30,10] batch 10, {members} member(s), 2 epochs", Nielsen, members, 2,
            new(MaxMicrosecondsPerModelStep: 0.03), peer);

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
