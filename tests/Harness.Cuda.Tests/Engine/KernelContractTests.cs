using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Cuda.Compilation;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>
/// The host and cohort.cu agree on every number they share: slot indices, block size, layer limit, enum values, and
/// the shape and settings arrays the host fills. Read from the embedded kernel text, so a drift fails here, not on the GPU.
/// </summary>
public sealed partial class KernelContractTests
{
    private static readonly Dictionary<string, int> Defines = ReadDefines();

    [Fact]
    public void Slot_numbers_and_limits_match_the_kernels_defines()
    {
        var expected = new Dictionary<string, int>
        {
            ["COHORT_THREADS"] = CohortPlan.ThreadsPerBlock,
            ["COHORT_MAX_STAGES"] = CohortPlan.MaxStages,
            ["D_LR"] = CohortSlots.LearningRate,
            ["D_BETA1"] = CohortSlots.Beta1,
            ["D_BETA2"] = CohortSlots.Beta2,
            ["D_DECAY"] = CohortSlots.Decay,
            ["D_AUG_SHIFT"] = CohortSlots.AugShift,
            ["D_AUG_ROTATION"] = CohortSlots.AugRotation,
            ["D_AUG_SCALE"] = CohortSlots.AugScale,
            ["D_AUG_NOISE"] = CohortSlots.AugNoise,
            ["D_SLOTS"] = CohortSlots.Doubles,
            ["F_MOMENTUM"] = CohortSlots.Momentum,
            ["F_RHO"] = CohortSlots.Rho,
            ["F_ONE_MINUS_RHO"] = CohortSlots.OneMinusRho,
            ["F_EPS"] = CohortSlots.Epsilon,
            ["F_L2"] = CohortSlots.L2,
            ["F_L1"] = CohortSlots.L1,
            ["F_DROPOUT"] = CohortSlots.Dropout,
            ["F_INPUT_DROPOUT"] = CohortSlots.InputDropout,
            ["F_BETA1"] = CohortSlots.Beta1Float,
            ["F_ONE_MINUS_BETA1"] = CohortSlots.OneMinusBeta1,
            ["F_BETA2"] = CohortSlots.Beta2Float,
            ["F_ONE_MINUS_BETA2"] = CohortSlots.OneMinusBeta2,
            ["F_ELASTIC_ALPHA"] = CohortSlots.ElasticAlpha,
            ["F_ELASTIC_TAPS"] = CohortSlots.ElasticTaps,
            ["F_SLOTS"] = CohortSlots.Floats,
            ["I_OPTIMIZER"] = CohortSlots.Optimizer,
            ["I_DECAY_BIASES"] = CohortSlots.DecayBiases,
            ["I_SEED_LO"] = CohortSlots.SeedLow,
            ["I_SEED_HI"] = CohortSlots.SeedHigh,
            ["I_ELASTIC_RADIUS"] = CohortSlots.ElasticRadius,
            ["RNG_WORDS"] = ShuffleState.WordsPerMember,
            ["I_SLOTS"] = CohortSlots.Ints,
            ["O_LOSS_SUM"] = CohortSlots.LossSum,
            ["O_CORRECT"] = CohortSlots.Correct,
            ["O_FIRST_LOSS"] = CohortSlots.FirstLoss,
            ["O_PENALTY"] = CohortSlots.Penalty,
            ["O_VAL_LOSS_SUM"] = CohortSlots.ValidationLossSum,
            ["O_VAL_CORRECT"] = CohortSlots.ValidationCorrect,
            ["O_STATUS"] = CohortSlots.Status,
            ["O_STEPS"] = CohortSlots.Steps,
            ["O_SLOTS"] = CohortSlots.Out,
            ["S_STAGES"] = 0,
            ["S_IMAGE_C"] = 7,
            ["S_HEADER"] = CohortShape.Header,
            ["S_STAGE_INTS"] = CohortShape.StageInts,
        };
        foreach (var (name, value) in expected) Assert.True(Defines.TryGetValue(name, out var v) && v == value, $"{name}: kernel {v}, host {value}");
    }

    [Fact]
    public void Enum_values_match_the_kernels_defines()
    {
        (string, int)[] pairs =
        [
            ("ACT_SIGMOID", (int)Activation.Sigmoid), ("ACT_TANH", (int)Activation.Tanh), ("ACT_RELU", (int)Activation.Relu),
            ("ACT_LEAKY", (int)Activation.LeakyRelu), ("ACT_IDENTITY", (int)Activation.Identity),
            ("LOSS_QUADRATIC", (int)Loss.Quadratic), ("LOSS_ABSOLUTE", (int)Loss.Absolute), ("LOSS_SOFTMAX_CE", (int)Loss.SoftmaxCrossEntropy),
            ("LOSS_SIGMOID_CE", (int)Loss.SigmoidCrossEntropy), ("LOSS_HINGE", (int)Loss.Hinge),
            ("OPT_SGD", (int)Optimizer.Sgd), ("OPT_MOMENTUM", (int)Optimizer.Momentum), ("OPT_NESTEROV", (int)Optimizer.Nesterov),
            ("OPT_ADAGRAD", (int)Optimizer.Adagrad), ("OPT_RMSPROP", (int)Optimizer.RmsProp), ("OPT_ADAM", (int)Optimizer.Adam),
            ("OPT_ADAMW", (int)Optimizer.AdamW),
            ("STAGE_DENSE", (int)StageKind.Dense), ("STAGE_CONV", (int)StageKind.Conv), ("STAGE_MAX_POOL", (int)StageKind.MaxPool),
            ("STAGE_AVG_POOL", (int)StageKind.AvgPool),
        ];
        foreach (var (name, value) in pairs) Assert.True(Defines[name] == value, $"{name}: kernel {Defines[name]}, host {value}");
    }

    [Fact]
    public void The_shape_array_holds_activations_loss_slope_label_flags_and_one_dense_stage_per_layer()
    {
        var nielsen = new TrainConfig { Hidden = [30], Activation = Activation.Sigmoid, OutputActivation = Activation.Sigmoid, Loss = Loss.Quadratic };
        Assert.Equal(
            [
                2, (int)Activation.Sigmoid, (int)Activation.Sigmoid, (int)Loss.Quadratic, 0, 1, 0, 1, 28, 28,
                (int)StageKind.Dense, 784, 1, 1, 30, 1, 1, 1, 1, 0, 0, 0,
                (int)StageKind.Dense, 30, 1, 1, 10, 1, 1, 1, 1, 0, 0, 0,
            ],
            CohortShape.Of(Architecture.Of(nielsen, 784, 10), trainLabels: true, validationLabels: false, new Harness.Data.ImageShape(1, 28, 28)));
        var leaky = new TrainConfig { Hidden = [5, 4], Activation = Activation.LeakyRelu, LeakySlope = 0.25, OutputActivation = Activation.Tanh };
        var shape = CohortShape.Of(Architecture.Of(leaky, 3, 2), true, true);
        Assert.Equal([3, (int)Activation.LeakyRelu, (int)Activation.Identity, (int)Loss.SoftmaxCrossEntropy], shape[..4]);
        Assert.Equal(0.25f, BitConverter.Int32BitsToSingle(shape[4]));
        Assert.Equal([3, 1, 1], shape[7..10]); // plain vectors: the input as N x 1 x 1
        Assert.Equal(CohortShape.Header + 3 * CohortShape.StageInts, shape.Length);
    }

    [Fact]
    public void A_layer_list_becomes_conv_pool_and_dense_stages_with_shapes_paddings_and_no_flatten()
    {
        var lenet = new TrainConfig
        {
            Layers = [new ConvLayer(6, 5, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(16, 5, 2), new PoolLayer(PoolKind.Avg, 3, 1), new FlattenLayer(), new DenseLayer(20)],
            Activation = Activation.Relu,
        };
        var architecture = Architecture.Of(lenet, 28 * 28, 10, new Harness.Data.ImageShape(1, 28, 28));
        var shape = CohortShape.Of(architecture, true, true);
        Assert.Equal(CohortShape.Header + 6 * CohortShape.StageInts, shape.Length);
        int[] Stage(int s) => shape[(CohortShape.Header + s * CohortShape.StageInts)..(CohortShape.Header + (s + 1) * CohortShape.StageInts)];
        Assert.Equal([(int)StageKind.Conv, 1, 28, 28, 6, 28, 28, 5, 1, 2, 2, 0], Stage(0));
        Assert.Equal([(int)StageKind.MaxPool, 6, 28, 28, 6, 14, 14, 2, 2, 0, 0, 0], Stage(1));
        Assert.Equal([(int)StageKind.Conv, 6, 14, 14, 16, 5, 5, 5, 2, 0, 0, 0], Stage(2));
        Assert.Equal([(int)StageKind.AvgPool, 16, 5, 5, 16, 3, 3, 3, 1, 0, 0, 0], Stage(3));
        Assert.Equal([(int)StageKind.Dense, 144, 1, 1, 20, 1, 1, 1, 1, 0, 0, 0], Stage(4));
        Assert.Equal([(int)StageKind.Dense, 20, 1, 1, 10, 1, 1, 1, 1, 0, 0, 0], Stage(5));
        var plan = CohortPlan.Of(CohortStage.Of(architecture), 32, 1000, 100, 2);
        Assert.Equal(architecture.Layout.Count, plan.Parameters);
        Assert.Equal([784, 6 * 28 * 28, 6 * 14 * 14, 16 * 5 * 5, 16 * 3 * 3, 20, 10], plan.Sizes);
    }

    [Fact]
    public void Settings_round_as_the_CPU_optimizers_and_AdamW_moves_L2_into_its_decay()
    {
        var adamW = new TrainConfig { Optimizer = Optimizer.AdamW, L2 = 0.01, L1 = 0.002, Beta1 = 0.8, Seed = -5, Dropout = 0.25 };
        var sgd = new TrainConfig { Optimizer = Optimizer.Sgd, L2 = 0.01, Rho = 0.7, DecayBiases = true };
        var s = new MemberSettings([adamW, sgd]);
        Assert.Equal((0.01, 0f, 0.002f), (s.Doubles[CohortSlots.Decay], s.Floats[CohortSlots.L2], s.Floats[CohortSlots.L1]));
        Assert.Equal((float)(1 - 0.8), s.Floats[CohortSlots.OneMinusBeta1]);
        Assert.Equal((0.25f, -5, (int)Optimizer.AdamW), (s.Floats[CohortSlots.Dropout], s.Ints[CohortSlots.SeedLow], s.Ints[CohortSlots.Optimizer]));
        Assert.Equal((0.0, 0.01f), (s.Doubles[CohortSlots.Doubles + CohortSlots.Decay], s.Floats[CohortSlots.Floats + CohortSlots.L2]));
        Assert.Equal((float)(1 - 0.7), s.Floats[CohortSlots.Floats + CohortSlots.OneMinusRho]);
        Assert.Equal(1, s.Ints[CohortSlots.Ints + CohortSlots.DecayBiases]);
        s.SetLearningRate(1, 0.125);
        Assert.Equal(0.125, s.Doubles[CohortSlots.Doubles + CohortSlots.LearningRate]);
    }

    private static Dictionary<string, int> ReadDefines()
    {
        var text = EmbeddedKernels.Program(CudaEngine.Program).Main.Text;
        return DefinePattern().Matches(text).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^#define\s+(\w+)\s+(-?\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex DefinePattern();
}
