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
            ["COHORT_MAX_LAYERS"] = CohortPlan.MaxLayers,
            ["D_LR"] = CohortSlots.LearningRate,
            ["D_BETA1"] = CohortSlots.Beta1,
            ["D_BETA2"] = CohortSlots.Beta2,
            ["D_DECAY"] = CohortSlots.Decay,
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
            ["F_SLOTS"] = CohortSlots.Floats,
            ["I_OPTIMIZER"] = CohortSlots.Optimizer,
            ["I_DECAY_BIASES"] = CohortSlots.DecayBiases,
            ["I_SEED_LO"] = CohortSlots.SeedLow,
            ["I_SEED_HI"] = CohortSlots.SeedHigh,
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
            ["S_LAYERS"] = 0,
            ["S_SIZES"] = 1,
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
        ];
        foreach (var (name, value) in pairs) Assert.True(Defines[name] == value, $"{name}: kernel {Defines[name]}, host {value}");
    }

    [Fact]
    public void The_shape_array_holds_layers_widths_activations_loss_slope_and_label_flags()
    {
        var nielsen = new TrainConfig { Hidden = [30], Activation = Activation.Sigmoid, OutputActivation = Activation.Sigmoid, Loss = Loss.Quadratic };
        Assert.Equal([2, 784, 30, 10, (int)Activation.Sigmoid, (int)Activation.Sigmoid, (int)Loss.Quadratic, 0, 1, 0],
            CohortShape.Of(Architecture.Of(nielsen, 784, 10), trainLabels: true, validationLabels: false));
        var leaky = new TrainConfig { Hidden = [5, 4], Activation = Activation.LeakyRelu, LeakySlope = 0.25, OutputActivation = Activation.Tanh };
        var shape = CohortShape.Of(Architecture.Of(leaky, 3, 2), true, true);
        Assert.Equal([3, 3, 5, 4, 2, (int)Activation.LeakyRelu, (int)Activation.Identity, (int)Loss.SoftmaxCrossEntropy], shape[..8]);
        Assert.Equal(0.25f, BitConverter.Int32BitsToSingle(shape[8]));
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
