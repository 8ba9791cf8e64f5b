using System.Runtime.CompilerServices;
using Harness.Data;

namespace Harness.Engine;

/// <summary>Evaluates a model on a dataset: loss, accuracy, per-class accuracy and confusion matrix.</summary>
public static class Evaluator
{
    /// <summary>Examples per evaluation chunk. Fixed, so results do not depend on the thread count.</summary>
    internal const int ChunkSize = 256;

    /// <summary>
    /// Rows of one forward pass of a convolutional network within a chunk. Its buffers (the im2col rows above all)
    /// are sized by the pass, not the chunk: a chunk of the lecture's CNN would need about 320 MB a thread, freshly
    /// allocated at every evaluation. A multiple of 4 (the dense kernel's row block), so every row meets the same
    /// kernels as in one pass over the chunk and the results are the same bits; the chunk's loss is still one sum.
    /// </summary>
    internal const int ConvPassRows = 32;

    /// <summary>Evaluates <paramref name="model"/> on raw <paramref name="data"/> (the model's preprocessing is applied).</summary>
    public static Evaluation Evaluate(Model model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        Targets.CheckCompatible(data, model.LayerSizes[0], model.LayerSizes[^1], model.Config.Loss);
        var prepared = model.Preprocessing is { } s ? s.Apply(data) : data;
        var spec = model.Spec;
        using var pool = new WorkerPool(WorkerPool.Resolve(model.Config.Threads));
        return Run(spec, model.Parameters, prepared, pool);
    }

    /// <summary>Evaluation of already preprocessed data with a flat parameter buffer; chunks run in parallel on <paramref name="pool"/>.</summary>
    internal static Evaluation Run(NetworkSpec spec, float[] parameters, Dataset data, WorkerPool pool)
    {
        int n = data.Count, k = spec.Outputs;
        if (n == 0) return new Evaluation(double.NaN, double.NaN, [], []);
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var job = new EvalJob(spec, parameters, data, chunks);
        pool.Run(job, chunks, 1);
        double loss = 0;
        foreach (var l in job.ChunkLoss) loss += l; // chunk order: independent of threads
        loss /= n;
        if (data.Labels is null) return new Evaluation(loss, double.NaN, [], []);
        int classes = Math.Max(k, data.ClassCount);
        var confusion = new int[data.ClassCount][];
        for (int c = 0; c < data.ClassCount; c++) confusion[c] = new int[classes];
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            int y = data.Labels[i], p = job.Predicted[i];
            confusion[y][p]++;
            if (y == p) correct++;
        }
        var perClass = new double[data.ClassCount];
        for (int c = 0; c < data.ClassCount; c++)
        {
            int total = confusion[c].Sum();
            perClass[c] = total == 0 ? double.NaN : (double)confusion[c][c] / total;
        }
        return new Evaluation(loss, (double)correct / n, perClass, confusion);
    }

    private sealed class EvalJob(NetworkSpec spec, float[] parameters, Dataset data, int chunks) : IRangeJob
    {
        public readonly double[] ChunkLoss = new double[chunks];
        public readonly int[] Predicted = new int[data.Count];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int start, int end)
        {
            using var ops = CpuEngine.InferenceOps();
            int size = Math.Min(ChunkSize, data.Count);
            int pass = spec.Plan is null ? size : Math.Min(size, ConvPassRows);
            var net = spec.Create(ops, pass);
            int d = data.FeatureCount, k = spec.Outputs;
            var t = new float[size * k];
            float[] z = new float[size * k], a = new float[size * k];
            for (int c = start; c < end; c++)
            {
                int first = c * ChunkSize, count = Math.Min(ChunkSize, data.Count - first);
                var x = data.Features.AsSpan(first * d, count * d);
                Targets.Fill(data, first, count, t);
                for (int r = 0; r < count; r += pass)
                {
                    int rows = Math.Min(pass, count - r);
                    net.Forward(parameters, x.Slice(r * d, rows * d), rows, train: false);
                    net.Logits(rows).CopyTo(z.AsSpan(r * k));
                    net.Output(rows).CopyTo(a.AsSpan(r * k));
                }
                ChunkLoss[c] = ops.Loss(spec.Loss, z.AsSpan(0, count * k), a.AsSpan(0, count * k), t, [], count, k, 1f);
                ops.Argmax(a.AsSpan(0, count * k), Predicted.AsSpan(first, count), count, k);
            }
        }
    }
}
