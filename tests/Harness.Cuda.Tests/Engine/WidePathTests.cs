using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>Which path trains a cohort (WidePath), and the two variables that steer it.</summary>
public sealed class WidePathTests
{
    private static readonly TrainConfig Mlp = new() { Hidden = [800, 800], Activation = Activation.Relu, BatchSize = 128 };

    private static CohortPlan Plan(TrainConfig c, int inputs = 784) =>
        CohortPlan.Of([inputs, .. c.Hidden, 10], c.BatchSize, 50_000, 10_000, 1);

    [Fact]
    public void Auto_takes_the_wide_path_for_wide_hidden_layers_and_batches_and_the_fused_kernel_otherwise()
    {
        Assert.True(WidePath.Takes(Plan(Mlp), [Mlp], null));
        Assert.True(WidePath.Takes(Plan(Mlp), [Mlp], " AUTO "));
        var nielsen = Mlp with { Hidden = [30], BatchSize = 10 };
        Assert.False(WidePath.Takes(Plan(nielsen), [nielsen], null));
        var smallBatch = Mlp with { BatchSize = WidePath.MinBatch - 1 };
        Assert.False(WidePath.Takes(Plan(smallBatch), [smallBatch], "auto"));
        var narrow = Mlp with { Hidden = [WidePath.MinWidth - 1, 100] };
        Assert.False(WidePath.Takes(Plan(narrow), [narrow], ""));
        var noHidden = Mlp with { Hidden = [] };
        Assert.False(WidePath.Takes(Plan(noHidden), [noHidden], null)); // 784 -> 10: the input's width does not count
    }

    [Fact]
    public void The_variable_forces_either_path_but_never_the_wide_path_for_what_it_cannot_train()
    {
        var nielsen = Mlp with { Hidden = [30], BatchSize = 10 };
        Assert.True(WidePath.Takes(Plan(nielsen), [nielsen], "wide"));
        Assert.False(WidePath.Takes(Plan(Mlp), [Mlp], "fused"));
        var augmented = Mlp with { Augmentation = new Augmentation { Noise = 0.1 } };
        Assert.False(WidePath.CanTrain(Plan(augmented), [augmented]));
        Assert.False(WidePath.Takes(Plan(augmented), [augmented], "wide"));
        var cnn = new TrainConfig { Layers = [new ConvLayer(4, 3), new DenseLayer(300)], BatchSize = 64 };
        var stages = CohortStage.Of(Architecture.Of(cnn, 64, 10, new ImageShape(1, 8, 8)));
        var plan = CohortPlan.Of(stages, 64, 1000, 100, 1);
        Assert.False(WidePath.CanTrain(plan, [cnn]));
        Assert.False(WidePath.Takes(plan, [cnn], "wide"));
    }

    [Fact]
    public void A_plain_MLP_deeper_than_the_fused_kernel_holds_takes_the_wide_path_whatever_the_variable_says()
    {
        var deep = Mlp with { Hidden = [.. Enumerable.Repeat(8, CohortPlan.MaxStages)], BatchSize = 10 };
        Assert.True(WidePath.Takes(Plan(deep), [deep], "fused"));
        Assert.True(WidePath.Takes(Plan(deep), [deep], null));
        var fits = Mlp with { Hidden = [.. Enumerable.Repeat(8, CohortPlan.MaxStages - 1)], BatchSize = 10 };
        Assert.False(WidePath.Takes(Plan(fits), [fits], null));
    }

    [Fact]
    public void The_engine_takes_the_wide_path_only_where_cuBLAS_loads_unless_the_fused_kernel_cannot_hold_the_network()
    {
        var data = Harness.Cuda.Tests.Support.RandomData.Classes(78, 10, 300, 40, 10);
        TrainConfig[] wide = [Mlp with { Hidden = [300], BatchSize = 64 }];
        bool blas = Harness.Cuda.CudaBlas.IsAvailable(out _);
        Assert.Equal(blas ? CudaEngine.WideCohortPath : CudaEngine.FusedPath, CudaEngine.Path(data, wide));
        TrainConfig[] deep = [Mlp with { Hidden = [.. Enumerable.Repeat(5, CohortPlan.MaxStages)], BatchSize = 8 }];
        Assert.Equal(CudaEngine.WideCohortPath, CudaEngine.Path(data, deep)); // without cuBLAS its cohort says why
        TrainConfig[] small = [Mlp with { Hidden = [30], BatchSize = 10 }];
        Assert.Equal(CudaEngine.FusedPath, CudaEngine.Path(data, small));
    }

    [Theory]
    [InlineData("cublas")]
    [InlineData("1")]
    public void An_unknown_path_is_refused_naming_the_variable_and_the_choices(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => WidePath.Takes(Plan(Mlp), [Mlp], value));
        Assert.Contains(WidePath.Variable, ex.Message);
        Assert.Contains($"'{value}'", ex.Message);
        Assert.Contains("auto, fused, wide", ex.Message);
    }

    [Fact]
    public void TF32_is_off_unless_asked_for_with_1_and_anything_else_is_refused()
    {
        Assert.Equal(Harness.Cuda.BlasMathMode.Default, WidePath.MathMode(null));
        Assert.Equal(Harness.Cuda.BlasMathMode.Default, WidePath.MathMode("0"));
        Assert.Equal(Harness.Cuda.BlasMathMode.Tf32, WidePath.MathMode(" 1 "));
        var ex = Assert.Throws<ArgumentException>(() => WidePath.MathMode("yes"));
        Assert.Contains(WidePath.Tf32Variable, ex.Message);
        Assert.Contains("'yes'", ex.Message);
    }
}
