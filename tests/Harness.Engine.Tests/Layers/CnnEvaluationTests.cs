using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Layers;

/// <summary>
/// The evaluator runs a CNN's chunks in passes of <see cref="Evaluator.ConvPassRows"/> rows; the loss and every
/// prediction must be the bits of one pass over each chunk of <see cref="Evaluator.ChunkSize"/> rows.
/// </summary>
public sealed class CnnEvaluationTests
{
    [Theory]
    [InlineData(301, 1)] // a full chunk, then 45 rows: one pass of 32 and one of 13 (a trailing row past the 4-row blocks)
    [InlineData(90, 2)]
    [InlineData(7, 3)]
    public void Passes_of_a_chunk_give_the_bits_of_one_pass(int examples, int threads)
    {
        var data = LineImages.Create(examples, seed: 4);
        var config = new TrainConfig
        {
            Layers = [new ConvLayer(6, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(16, 3), new FlattenLayer(), new DenseLayer(10)],
            Activation = Activation.Relu,
            Seed = 5,
        };
        var spec = NetworkSpec.From(config, data.FeatureCount, data.OutputCount, data.Shape);
        var parameters = new float[spec.Layout.Count];
        var rng = Rng.Stream(config.Seed, 1);
        Initializer.Fill(config.Init, config.InitSigma, spec.Layout, parameters, ref rng);
        using var pool = new WorkerPool(threads);

        var evaluation = Evaluator.Run(spec, parameters, data, pool);

        // The evaluator before passes: one forward pass per chunk, its loss summed chunk by chunk.
        using var ops = CpuEngine.InferenceOps();
        int size = Math.Min(Evaluator.ChunkSize, examples), k = spec.Outputs;
        var net = spec.Create(ops, size);
        var t = new float[size * k];
        var predicted = new int[examples];
        double loss = 0;
        for (int first = 0; first < examples; first += size)
        {
            int count = Math.Min(size, examples - first);
            Targets.Fill(data, first, count, t);
            net.Forward(parameters, data.Features.AsSpan(first * data.FeatureCount, count * data.FeatureCount), count, train: false);
            loss += net.Loss(t, count);
            ops.Argmax(net.Output(count), predicted.AsSpan(first, count), count, k);
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(loss / examples), BitConverter.DoubleToInt64Bits(evaluation.Loss));
        int correct = predicted.Where((p, i) => p == data.Labels![i]).Count();
        Assert.Equal((double)correct / examples, evaluation.Accuracy);
        for (int y = 0; y < data.ClassCount; y++)
            for (int p = 0; p < data.ClassCount; p++)
                Assert.Equal(predicted.Where((q, i) => data.Labels![i] == y && q == p).Count(), evaluation.ConfusionMatrix[y][p]);
    }
}
