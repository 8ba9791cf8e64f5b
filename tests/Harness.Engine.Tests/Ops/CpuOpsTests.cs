namespace Harness.Engine.Tests.Ops;

/// <summary>
/// The Vector512 kernels against plain double-precision loops on seeded random inputs, including sizes that are not
/// multiples of the 4-row blocks or 16-float vectors. Pass when |cpu − ref| &lt;= 1e-5 + 1e-5·|ref|.
/// </summary>
public sealed class CpuOpsTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 1, 20, 33 }, { 1, 33, 17 }, { 3, 5, 7 }, { 4, 16, 4 }, { 5, 31, 9 }, { 10, 784, 30 },
        { 7, 47, 13 }, { 64, 100, 10 }, { 9, 65, 66 }, { 130, 97, 43 },
    };

    private static float[] Random(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)rng.NextGaussian();
        return a;
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var bad = Enumerable.Range(0, expected.Length)
            .Where(i => !(Math.Abs(actual[i] - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]))).Take(5)
            .Select(i => $"[{i}] {actual[i]} vs {expected[i]}").ToList();
        Assert.True(bad.Count == 0, $"{what}: " + string.Join("; ", bad));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Linear_kernels_match_reference_loops(int batch, int input, int output)
    {
        var x = Random(batch * input, 1); var w = Random(output * input, 2); var b = Random(output, 3); var dy = Random(batch * output, 4);
        foreach (int threads in new[] { 1, 2 })
        {
            using var ops = new CpuOps(threads);
            var y = new float[batch * output];
            ops.LinearForward(x, w, b, y, batch, input, output);
            var yRef = new double[batch * output];
            for (int r = 0; r < batch; r++)
                for (int o = 0; o < output; o++)
                {
                    double s = b[o];
                    for (int i = 0; i < input; i++) s += (double)x[r * input + i] * w[o * input + i];
                    yRef[r * output + o] = s;
                }
            AssertClose(yRef, y, $"forward t={threads}");

            var dw = Enumerable.Repeat(99f, output * input).ToArray(); var db = Enumerable.Repeat(99f, output).ToArray();
            ops.LinearBackwardParameters(dy, x, dw, db, batch, input, output);
            var dwRef = new double[output * input]; var dbRef = new double[output];
            for (int r = 0; r < batch; r++)
                for (int o = 0; o < output; o++)
                {
                    dbRef[o] += dy[r * output + o];
                    for (int i = 0; i < input; i++) dwRef[o * input + i] += (double)dy[r * output + o] * x[r * input + i];
                }
            AssertClose(dwRef, dw, $"dW t={threads}"); // overwrites: the 99s are gone
            AssertClose(dbRef, db, $"db t={threads}");

            var dx = Enumerable.Repeat(99f, batch * input).ToArray();
            ops.LinearBackwardInput(dy, w, dx, batch, input, output);
            var dxRef = new double[batch * input];
            for (int r = 0; r < batch; r++)
                for (int o = 0; o < output; o++)
                    for (int i = 0; i < input; i++) dxRef[r * input + i] += (double)dy[r * output + o] * w[o * input + i];
            AssertClose(dxRef, dx, $"dx t={threads}");
        }
    }

    [Fact]
    public void Products_are_bit_identical_for_any_thread_count()
    {
        int batch = 67, input = 301, output = 203;
        var x = Random(batch * input, 5); var w = Random(output * input, 6); var b = Random(output, 7); var dy = Random(batch * output, 8);
        float[] Run(int threads, int which)
        {
            using var ops = new CpuOps(threads);
            switch (which)
            {
                case 0: { var y = new float[batch * output]; ops.LinearForward(x, w, b, y, batch, input, output); return y; }
                case 1: { var dw = new float[output * input]; ops.LinearBackwardParameters(dy, x, dw, new float[output], batch, input, output); return dw; }
                default: { var dx = new float[batch * input]; ops.LinearBackwardInput(dy, w, dx, batch, input, output); return dx; }
            }
        }
        for (int which = 0; which < 3; which++)
            foreach (int t in new[] { 2, 3, 5 }) Assert.Equal(Run(1, which), Run(t, which));
    }

    // Large enough that the kernels tile: rows of x in tiles of under 300 at this input width, rows of dx in tiles
    // of 64, dW's sums over the batch in tiles of 128 examples; 830 = 25 chunks of 32 + one of 16 + a scalar tail.
    [Fact]
    public void Tiled_products_equal_the_untiled_operation_sequence_bit_for_bit()
    {
        int batch = 301, input = 830, output = 70;
        var x = Random(batch * input, 9); var w = Random(output * input, 10); var b = Random(output, 11); var dy = Random(batch * output, 12);
        for (int i = 0; i < x.Length; i++) if (i % 7 < 3 || i / input % 5 == 0) x[i] = 0f; // sparse, and whole zero rows
        using var ops = new CpuOps(1);

        // A row's output does not depend on the batch around it: each row alone (no tiles) equals its row in the batch.
        var y = new float[batch * output]; var dx = new float[batch * input];
        ops.LinearForward(x, w, b, y, batch, input, output);
        ops.LinearBackwardInput(dy, w, dx, batch, input, output);
        var yRow = new float[output]; var dxRow = new float[input];
        foreach (int r in new[] { 0, 3, 63, 64, 65, 130, 299, 300 })
        {
            ops.LinearForward(x.AsSpan(r * input, input), w, b, yRow, 1, input, output);
            Assert.Equal(y.AsSpan(r * output, output).ToArray(), yRow);
            ops.LinearBackwardInput(dy.AsSpan(r * output, output), w, dxRow, 1, input, output);
            Assert.Equal(dx.AsSpan(r * input, input).ToArray(), dxRow);
        }

        // dW's vector columns are one fused multiply-add per example, in example order, from +0 (skipping an all-zero
        // chunk adds ±0, which changes nothing); the scalar tail is a plain multiply and add over every example.
        var dw = new float[output * input]; var db = new float[output];
        ops.LinearBackwardParameters(dy, x, dw, db, batch, input, output);
        for (int o = 0; o < output; o++) // db: one add per example, in example order, from +0
        {
            float s = 0f;
            for (int r = 0; r < batch; r++) s += dy[r * output + o];
            Assert.True(BitConverter.SingleToInt32Bits(s) == BitConverter.SingleToInt32Bits(db[o]), $"db[{o}]: {db[o]} vs {s}");
        }
        int vecEnd = input & ~15;
        for (int o = 0; o < output; o++)
            for (int i = 0; i < input; i++)
            {
                float s = 0f;
                for (int r = 0; r < batch; r++)
                    s = i < vecEnd ? MathF.FusedMultiplyAdd(dy[r * output + o], x[r * input + i], s) : s + dy[r * output + o] * x[r * input + i];
                Assert.True(BitConverter.SingleToInt32Bits(s) == BitConverter.SingleToInt32Bits(dw[o * input + i]), $"dW[{o},{i}]: {dw[o * input + i]} vs {s}");
            }
    }

    // A convolution's activations (more than 131,072 floats) are split across threads; the split changes no bit.
    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.LeakyRelu)]
    public void Large_activations_on_several_threads_equal_one_thread(Activation f)
    {
        int n = 200_003;
        var z = Random(n, 13); var a = Random(n, 14); var da = Random(n, 15);
        float[] Run(int threads, bool backward)
        {
            using var ops = new CpuOps(threads);
            var output = new float[n];
            if (backward) ops.ActivationBackward(f, 0.01f, z, a, da, output);
            else ops.ActivationForward(f, 0.01f, z, output);
            return output;
        }
        foreach (bool backward in new[] { false, true })
        {
            var one = Run(1, backward);
            Assert.Equal(one, Run(2, backward));
            Assert.Equal(one, Run(3, backward));
        }
    }

    [Fact]
    public void Softmax_output_rows_sum_to_one_and_loss_is_stable_for_large_logits()
    {
        using var ops = new CpuOps();
        var spec = new LossSpec(Loss.SoftmaxCrossEntropy, Activation.Identity, 0);
        float[] z = [1000f, 0f, -1000f, 1f, 2f, 3f];
        var a = new float[6];
        ops.OutputForward(spec, z, a, 2, 3);
        Assert.Equal(1.0, a[0..3].Sum(), 6);
        Assert.Equal(1.0, a[3..6].Sum(), 6);
        float[] t = [0, 1, 0, 0, 0, 1];
        double loss = ops.Loss(spec, z, a, t, new float[6], 2, 3, 0.5f);
        // -log softmax: 1000 for the first row, log(e^1+e^2+e^3) - 3 for the second.
        Assert.Equal(1000 + (Math.Log(Math.Exp(-2) + Math.Exp(-1) + 1)), loss, 4);
    }

    [Fact]
    public void Hinge_is_crammer_singer()
    {
        using var ops = new CpuOps();
        var spec = new LossSpec(Loss.Hinge, Activation.Identity, 0);
        float[] a = [0.5f, 0.2f, 0.9f]; // label 0, best rival 2: max(0, 1 + 0.9 - 0.5) = 1.4
        float[] t = [1, 0, 0];
        var dz = new float[3];
        Assert.Equal(1.4, ops.Loss(spec, a, a, t, dz, 1, 3, 1f), 6);
        Assert.Equal([-1f, 0f, 1f], dz);
        float[] clear = [3f, 0.2f, 0.9f]; // margin satisfied: no loss, no gradient
        Assert.Equal(0, ops.Loss(spec, clear, clear, t, dz, 1, 3, 1f));
        Assert.Equal([0f, 0f, 0f], dz);
    }

    [Fact]
    public void Dropout_mask_has_the_right_rate_and_scale()
    {
        using var ops = new CpuOps();
        var rng = new Rng(3);
        var mask = new float[100_000];
        ops.DropoutMask(0.3f, ref rng, mask);
        Assert.All(mask, m => Assert.True(m == 0f || m == 1f / 0.7f));
        Assert.InRange(mask.Count(m => m == 0) / 100_000.0, 0.29, 0.31);
        Assert.InRange(mask.Average(), 0.98, 1.02); // inverted dropout keeps the expectation
    }
}
