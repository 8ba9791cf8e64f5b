using System.Globalization;
using Harness.Cuda.Tests.Support;
using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Emulation;

/// <summary>
/// cohort.cu's cohort_epoch, run on the CPU by the block emulator (256 threads and barriers standing in for a thread
/// block), against the CPU engine's solo runs: each epoch's losses and accuracies and every parameter tensor. This checks
/// the kernel's arithmetic, indexing, shuffle and optimizers here and in CI, without a GPU; what only a GPU shows (the
/// memory model, races, speed) is left to the Device tests and compute-sanitizer. Skips without g++.
/// </summary>
public sealed class EmulatedKernelTests
{
    private const double Atol = 1e-5, Rtol = 1e-4;

    private static readonly TrainConfig Base = ParityConfigs.Mlp with { Epochs = 2 };

    public static TheoryData<string> Cases => ["optimizers", "quadratic", "hinge", "absolute-full-batch", "sigmoid-ce", "warp-path",
        "cnn-optimizers", "cnn-stride-padding-overlap", "cnn-wide-dense", "cnn-full-batch-hinge", "cnn-sliced-gradients", "augment-geometric", "augment-elastic-noise", "augment-elastic-wide-sigma", "augment-noise-vectors", "deep-mlp",
        "augment-mlp-on-images", "dense-tiles", "dense-tiles-batch-6", "dense-tiles-batch-1", "dense-tiles-few-units", "dense-update-unstaged", "cnn-warp-conv", "cnn-warp-conv-64"];

    private static readonly TrainConfig Cnn = ParityConfigs.Cnn with { Epochs = 2, BatchSize = 8 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_kernel_matches_the_CPU_engine_epoch_by_epoch_and_tensor_by_tensor(string name)
    {
        var (data, configs) = Case(name);
        AssertMatchesCpu(BlockEmulator.Run(data, configs, epochs: 2), data, configs, name);
    }

    /// <summary>
    /// Between two barriers an emulated thread runs alone until it waits, so the two orders run each phase's threads one
    /// after another first to last and last to first: a thread that reads what another writes in the same phase (a
    /// missing __syncthreads or __syncwarp) sees the other's write in one order only, and the runs differ.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void With_its_threads_run_last_to_first_the_kernel_gets_bit_for_bit_what_it_gets_first_to_last(string name)
    {
        var (data, configs) = Case(name);
        AssertSame(BlockEmulator.Run(data, configs, epochs: 2), BlockEmulator.Run(data, configs, epochs: 2, reverse: true), name);
    }

    [Theory]
    [InlineData("warp-path", 3)]
    [InlineData("cnn-optimizers", 2)]
    [InlineData("cnn-stride-padding-overlap", 4)]
    [InlineData("diverging", 2)]
    [InlineData("augment-elastic-noise", 3)]
    [InlineData("cnn-sliced-gradients", 2)]
    [InlineData("cnn-warp-conv", 3)]
    [InlineData("cnn-warp-conv-64", 5)] // 8 filters per weight-gradient thread in one block, 4 in a group of 5
    public void A_member_split_over_a_group_of_blocks_gets_bit_for_bit_what_one_block_gets(string name, int group)
    {
        var (data, configs) = Case(name);
        var one = BlockEmulator.Run(data, configs, epochs: 2);
        var many = BlockEmulator.Run(data, configs, epochs: 2, group: group);
        AssertSame(one, many, $"{name} in one block and in {group}");
        // the group's blocks (and each block's threads) last to first: a block reading what another writes before
        // their group barrier shows here
        AssertSame(one, BlockEmulator.Run(data, configs, epochs: 2, group: group, reverse: true), $"{name} in {group} blocks, last to first");
        if (name == "diverging")
        {
            Assert.Equal(1.0, many.Epochs[0][CohortSlots.Status]); // member 0 stopped, member 1 trained on
            Assert.Equal(0.0, many.Epochs[1][CohortSlots.Out + CohortSlots.Status]);
        }
    }

    [Theory]
    [InlineData("optimizers", 128)]
    [InlineData("cnn-sliced-gradients", 512)]
    [InlineData("augment-elastic-noise", 1024)]
    [InlineData("hinge", 1024)]
    public void A_kernel_built_for_another_block_size_matches_the_CPU_engine(string name, int threads)
    {
        var (data, configs) = Case(name);
        AssertMatchesCpu(BlockEmulator.Run(data, configs, epochs: 2, threads: threads), data, configs, $"{name} at {threads} threads");
    }

    private static void AssertSame(BlockEmulator.Result expected, BlockEmulator.Result actual, string what)
    {
        for (int e = 0; e < expected.Epochs.Count; e++) // bit for bit: a NaN equals the same NaN
            Assert.True(expected.Epochs[e].Select(BitConverter.DoubleToInt64Bits).SequenceEqual(actual.Epochs[e].Select(BitConverter.DoubleToInt64Bits)),
                $"{what}: epoch {e + 1}'s outputs differ: {string.Join(", ", expected.Epochs[e])} and {string.Join(", ", actual.Epochs[e])}");
        Assert.Equal(expected.Parameters.Length, actual.Parameters.Length);
        int first = Enumerable.Range(0, expected.Parameters.Length)
            .FirstOrDefault(i => BitConverter.SingleToInt32Bits(expected.Parameters[i]) != BitConverter.SingleToInt32Bits(actual.Parameters[i]), -1);
        Assert.True(first < 0, $"{what}: parameter {first} differs ({(first < 0 ? "" : $"{expected.Parameters[first]} and {actual.Parameters[first]}")})");
    }

    // Each member's two epochs and final tensors against its CPU solo run.
    private static void AssertMatchesCpu(BlockEmulator.Result emulated, DataSplits data, TrainConfig[] configs, string name)
    {
        var cpu = Parity.Cpu(data, configs);
        for (int m = 0; m < configs.Length; m++)
        {
            var member = $"{name} member {m} ({configs[m].Optimizer})";
            for (int e = 0; e < 2; e++) AssertEpoch(emulated, data, m, e, cpu[m].History[e], member);
            var p = emulated.Plan.Parameters;
            int[] sizes = configs[m].Layers is null ? [.. emulated.Plan.Sizes] : [emulated.Plan.Sizes[0], emulated.Plan.Sizes[^1]];
            var model = new Model(configs[m], sizes, null, emulated.Parameters.AsSpan((int)(m * p), (int)p).ToArray(), data.Train.Shape);
            Parity.Tensors(model, cpu[m].Model, member, Atol, Rtol);
        }
    }

    [Fact]
    public void Dropout_in_a_CNN_masks_its_hidden_dense_layer_and_no_other_stage()
    {
        var data = RandomData.Images(new ImageShape(1, 10, 10), 4, 61, 13, 7);
        var config = Cnn with { Layers = [new ConvLayer(3, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new DenseLayer(200)], Dropout = 0.5, BatchSize = 40 };
        var emulated = BlockEmulator.Run(data, [config], epochs: 1, maxSteps: 1);
        Assert.True(double.IsFinite(emulated.Epochs[0][CohortSlots.LossSum]));
        var plan = emulated.Plan;
        long r = plan.Rows, at = 3 * r + r * 100; // row losses and hits, inputs; then z, a, dz, mask, drop per stage
        long[] mask = new long[plan.Stages.Count];
        for (int s = 0; s < plan.Stages.Count; s++)
        {
            mask[s] = at + 3 * r * plan.Stages[s].Out.Size;
            at += 5 * r * plan.Stages[s].Out.Size;
        }
        var dense = emulated.Workspace.AsSpan((int)mask[2], 40 * 200).ToArray();
        Assert.All(dense, v => Assert.True(v == 0f || v == 2f, $"dense mask value {v}"));
        Assert.InRange(dense.Count(v => v == 0f) / (double)dense.Length, 0.46, 0.54);
        Assert.All(emulated.Workspace.AsSpan((int)mask[0], 40 * 300).ToArray(), v => Assert.Equal(0f, v)); // the conv stage keeps no mask
    }

    [Fact]
    public void Regression_without_labels_counts_no_accuracy_and_matches_the_CPU()
    {
        var data = RandomData.Regression(61, 13, 13);
        TrainConfig[] configs = [Base with { Hidden = [17], Loss = Loss.Quadratic, OutputActivation = Activation.Identity, BatchSize = 8 }];
        var emulated = BlockEmulator.Run(data, configs, epochs: 2);
        var cpu = Parity.Cpu(data, configs)[0];
        for (int e = 0; e < 2; e++) AssertEpoch(emulated, data, 0, e, cpu.History[e], "regression");
        Assert.Equal(0, emulated.Epochs[1][CohortSlots.Correct]);
    }

    [Fact]
    public void Dropout_masks_drop_at_the_rate_and_scale_the_kept_units()
    {
        var data = RandomData.Classes(37, 5, 503, 29, 31);
        var emulated = BlockEmulator.Run(data, [Base with { Hidden = [300], Dropout = 0.5, InputDropout = 0.2, BatchSize = 50 }], epochs: 1, maxSteps: 1);
        long r = emulated.Plan.Rows, maskAt = 3 * r + r * 37 + 3 * r * 300; // row losses, row hits, inputs, then z, a, dz, mask
        var mask = emulated.Workspace.AsSpan((int)maskAt, 50 * 300).ToArray();
        Assert.All(mask, v => Assert.True(v == 0f || v == 2f, $"mask value {v}"));
        Assert.InRange(mask.Count(v => v == 0f) / (double)mask.Length, 0.48, 0.52);
        Assert.True(double.IsFinite(emulated.Epochs[0][CohortSlots.LossSum]));
    }

    private static void AssertEpoch(BlockEmulator.Result emulated, DataSplits data, int m, int e, EpochMetrics cpu, string member)
    {
        var o = emulated.Epochs[e].AsSpan(m * CohortSlots.Out, CohortSlots.Out);
        Assert.True(o[CohortSlots.Status] == 0, $"{member} epoch {e + 1}: status {o[CohortSlots.Status]}");
        int n = data.Train.Count, nv = data.Validation.Count;
        Close(o[CohortSlots.LossSum] / n + o[CohortSlots.Penalty], cpu.TrainLoss, $"{member} epoch {e + 1} train loss");
        Close(o[CohortSlots.ValidationLossSum] / nv, cpu.ValidationLoss, $"{member} epoch {e + 1} validation loss");
        if (double.IsNaN(cpu.TrainAccuracy)) return;
        Close(o[CohortSlots.Correct] / n, cpu.TrainAccuracy, $"{member} epoch {e + 1} train accuracy");
        Close(o[CohortSlots.ValidationCorrect] / nv, cpu.ValidationAccuracy, $"{member} epoch {e + 1} validation accuracy");
    }

    private static void Close(double emulated, double cpu, string what) =>
        Assert.True(Math.Abs(emulated - cpu) <= Atol + Rtol * Math.Abs(cpu),
            string.Create(CultureInfo.InvariantCulture, $"{what}: emulated {emulated:R}, cpu {cpu:R}"));

    private static (DataSplits, TrainConfig[]) Case(string name) => ParityConfigs.MlpCase(name, Base) ?? name switch
    {
        "warp-path" => (RandomData.Classes(150, 7, 43, 11, 11), // 150 inputs: one warp per unit; 9 inputs: one thread
            [Base with { Hidden = [9], BatchSize = 16, Init = Init.Normal, InitSigma = 0.1 }]),
        // 1x12x12 images: conv same -> max pool -> conv valid -> average pool -> dense, every optimizer kind in one cohort
        "cnn-optimizers" => (RandomData.Images(new ImageShape(1, 12, 12), 5, 29, 13, 7),
        [
            Cnn,
            Cnn with { Optimizer = Optimizer.Momentum, Momentum = 0.8, LearningRate = 0.02, L2 = 1e-3 },
            Cnn with { Optimizer = Optimizer.Adam, LearningRate = 0.003, L1 = 1e-3, DecayBiases = true, Seed = 9 },
            Cnn with { Optimizer = Optimizer.RmsProp, LearningRate = 0.002, Schedule = Schedule.Cosine, ShuffleSeed = 3 },
        ]),
        // odd, non-square, two channels: a strided conv with asymmetric same padding, an overlapping max pool, flatten
        "cnn-stride-padding-overlap" => (RandomData.Images(new ImageShape(2, 9, 11), 4, 23, 9, 5),
        [Cnn with
        {
            Layers = [new ConvLayer(3, 4, 2, Padding.Same), new PoolLayer(PoolKind.Max, 3, 1), new FlattenLayer(), new DenseLayer(6)],
            Activation = Activation.Tanh, Init = Init.GlorotUniform, Optimizer = Optimizer.Nesterov, LearningRate = 0.05, L2 = 1e-3,
        }]),
        // an overlapping average pool into a dense layer of 128 inputs (the warp path), sigmoid units, quadratic loss
        "cnn-wide-dense" => (RandomData.Images(new ImageShape(1, 10, 10), 3, 21, 9, 5),
        [Cnn with
        {
            Layers = [new ConvLayer(2, 3, 1, Padding.Same), new PoolLayer(PoolKind.Avg, 3, 1), new DenseLayer(5)],
            Activation = Activation.Sigmoid, Loss = Loss.Quadratic, OutputActivation = Activation.Sigmoid, Init = Init.Normal, InitSigma = 0.3, LearningRate = 0.5,
        }]),
        // batch 64 on 16x16 images: the first convolution's gradients are summed in 8 slices, the second's in 2; the last
        // batch is short (150 = 2 x 64 + 22); 8 filters: two groups of 4 per forward thread, and the second convolution's
        // 8 input channels two groups of 4 per input-gradient thread
        // a convolution over 32 channels: a warp per tile of 4 output pixels by 8 filters (12 filters: a tile of 4 with
        // the last repeated; stride 2 and same padding: taps outside the image; 5 rows x 25 pixels: a last tile of 1)
        "cnn-warp-conv" => (RandomData.Images(new ImageShape(1, 9, 9), 4, 23, 7, 5),
            [Cnn with { Layers = [new ConvLayer(32, 3, 1, Padding.Same), new ConvLayer(12, 3, 2, Padding.Same), new DenseLayer(10)], BatchSize = 5, Optimizer = Optimizer.Adam, LearningRate = 0.003 }]),
        // over 64 channels (each lane two), valid padding, 16 filters (two whole tiles), after max pooling
        "cnn-warp-conv-64" => (RandomData.Images(new ImageShape(1, 10, 10), 3, 19, 6, 5),
            [Cnn with { Layers = [new ConvLayer(64, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(16, 3), new DenseLayer(6)], BatchSize = 4, LearningRate = 0.01 }]),
        "cnn-sliced-gradients" => (RandomData.Images(new ImageShape(1, 16, 16), 4, 150, 13, 7),
            [Cnn with { Layers = [new ConvLayer(8, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(8, 3), new DenseLayer(8)], BatchSize = 64, Optimizer = Optimizer.Adam, LearningRate = 0.003, L2 = 1e-3, DecayBiases = true }]),
        // the whole split as one batch, hinge loss, leaky units, L1 on the kernels
        "cnn-full-batch-hinge" => (RandomData.Images(new ImageShape(1, 8, 9), 3, 37, 11, 5),
            [Cnn with { BatchSize = 0, Loss = Loss.Hinge, OutputActivation = Activation.Tanh, Activation = Activation.LeakyRelu, LeakySlope = 0.1, L1 = 1e-3, LearningRate = 0.1 }]),
        // the CPU's augmentation draws, in its order, on the device: shifts, rotations and scaling of each image
        "augment-geometric" => (RandomData.Images(new ImageShape(1, 12, 12), 5, 29, 13, 7),
        [
            Cnn with { Augmentation = new Augmentation { Shift = 2, Rotation = 15, Scale = 0.1 } },
            Cnn with { Augmentation = new Augmentation { Shift = 1.5 }, Seed = 8 },
            Cnn, // a member without augmentation beside them
        ]),
        // elastic fields (smoothed by the CPU's Gaussian taps) and noise on two-channel, non-square images
        "augment-elastic-noise" => (RandomData.Images(new ImageShape(2, 11, 9), 4, 23, 9, 5),
        [Cnn with
        {
            Layers = [new ConvLayer(3, 3, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new DenseLayer(6)],
            Augmentation = new Augmentation { Shift = 1, ElasticAlpha = 6, ElasticSigma = 1.5, Noise = 0.1 },
        }]),
        // the dense layers' tiles cut short everywhere: 13-row batches (forward tiles of 8 and 5 rows, the last batch 1;
        // input gradient chunks of 4, 4, 4 and 1), 200 and 130 inputs (a forward warp per tile of 4 units: 70 units end
        // in a tile of 2, 5 in a tile of 1), 70 inputs (a thread per unit) and update tiles of 64 inputs and 4 units over
        // 200, 70 and 130 inputs and 70, 130 and 5 units; validation in 11 rows (forward tiles of 4, 4 and 3)
        "dense-tiles" => (RandomData.Classes(200, 5, 53, 11, 11), [Base with { Hidden = [70, 130], BatchSize = 13, Optimizer = Optimizer.Adam, LearningRate = 0.003, L2 = 1e-3 }]),
        // forward tiles of 8 rows with 2 unused (batches of 6), 2 (the last batch: 50 = 8 x 6 + 2) and 5 (validation)
        "dense-tiles-batch-6" => (RandomData.Classes(200, 5, 50, 5, 11), [Base with { Hidden = [40], BatchSize = 6, Optimizer = Optimizer.Momentum, LearningRate = 0.02 }]),
        // forward tiles of one row: online learning, a step per example
        "dense-tiles-batch-1" => (RandomData.Classes(150, 5, 29, 5, 11), [Base with { Hidden = [20], BatchSize = 1, LearningRate = 0.01 }]),
        // fewer units than a forward tile holds, on wide inputs: 140 -> 3 and 130 -> 3 (one tile of 4 units, the last
        // repeated and dropped), 9-row batches (tiles of 5 and 4)
        // a dense update whose dz does not fit dense_update's shared-memory copy: 40-row batches x 62 units (padded to
        // 64: 2,560 floats > 2,048) read dz from global memory, the last batch (97 = 2 x 40 + 17) from the copy; 150
        // inputs: one update tile inside, one at the edge; 62 units end in a tile of 2
        "dense-update-unstaged" => (RandomData.Classes(150, 5, 97, 13, 11), [Base with { Hidden = [62], BatchSize = 40, Optimizer = Optimizer.Adam, LearningRate = 0.003 }]),
        "dense-tiles-few-units" => (RandomData.Classes(140, 3, 41, 9, 11), [Base with { Hidden = [3, 130], BatchSize = 9, Optimizer = Optimizer.RmsProp, LearningRate = 0.003 }]),
        // 20 hidden layers: more stages than the kernel held before (16), fewer than it holds (32)
        "deep-mlp" => (RandomData.Classes(37, 5, 53, 17, 11), [Base with { Hidden = [.. Enumerable.Repeat(7, 20)], Optimizer = Optimizer.Adam, LearningRate = 0.01 }]),
        // an elastic smoothing kernel of 73 taps (sigma 12), wider than the images: the CPU's clamped sums
        "augment-elastic-wide-sigma" => (RandomData.Images(new ImageShape(1, 12, 12), 5, 29, 13, 7),
            [Cnn with { Augmentation = new Augmentation { ElasticAlpha = 30, ElasticSigma = 12 } }]),
        // Gaussian noise works on plain feature vectors too
        "augment-noise-vectors" => (RandomData.Classes(37, 5, 53, 17, 11), [Base with { Augmentation = new Augmentation { Noise = 0.2 }, InputDropout = 0 }]),
        // an MLP on image data warps the data's images (not its first layer's input shape)
        "augment-mlp-on-images" => (RandomData.Images(new ImageShape(1, 9, 8), 4, 29, 13, 7),
            [Base with { Augmentation = new Augmentation { Shift = 1.5, Rotation = 20, ElasticAlpha = 4, ElasticSigma = 1 } }]),
        "diverging" => (RandomData.Classes(37, 5, 53, 17, 11), [Base with { Activation = Activation.Relu, Loss = Loss.Quadratic, LearningRate = 1e6 }, Base]),
        _ => throw new ArgumentException($"no case '{name}'"),
    };
}
