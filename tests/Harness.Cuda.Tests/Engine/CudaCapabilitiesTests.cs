using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>Which knobs the CUDA engine trains and how it refuses the others, checked on the host.</summary>
public sealed class CudaCapabilitiesTests
{
    [Fact]
    public void Every_optimizer_loss_schedule_init_and_regularizer_is_accepted()
    {
        foreach (var optimizer in Enum.GetValues<Optimizer>())
            foreach (var loss in Enum.GetValues<Loss>())
                foreach (var schedule in Enum.GetValues<Schedule>())
                    foreach (var init in Enum.GetValues<Init>())
                    {
                        var c = new TrainConfig
                        {
                            Optimizer = optimizer,
                            Loss = loss,
                            Schedule = schedule,
                            Init = init,
                            L1 = 1e-4,
                            L2 = 1e-3,
                            DecayBiases = true,
                            Dropout = 0.3,
                            InputDropout = 0.1,
                            Standardize = true,
                            BatchSize = 0,
                            Hidden = [30, 20],
                            Activation = Activation.LeakyRelu,
                            OutputActivation = Activation.Sigmoid,
                            EarlyStopping = new EarlyStopping(),
                        };
                        Assert.Null(CudaCapabilities.Refusal(c));
                    }
    }

    [Fact]
    public void A_plain_MLP_of_any_depth_is_accepted_and_a_deeper_one_with_augmentation_is_refused_naming_hidden()
    {
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Hidden = [.. Enumerable.Repeat(4, 31)] }));
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Hidden = [.. Enumerable.Repeat(4, 40)] })); // the wide path's
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Hidden = [.. Enumerable.Repeat(4, 31)], Augmentation = new Augmentation { Noise = 0.1 } }));
        Assert.Equal("hidden: 32 hidden layers with augmentation; the CUDA engine trains at most 31 (deeper plain MLPs without augmentation train on its wide path)",
            CudaCapabilities.Refusal(new TrainConfig { Hidden = [.. Enumerable.Repeat(4, 32)], Augmentation = new Augmentation { Noise = 0.1 } }));
    }

    [Fact]
    public void Layer_lists_are_accepted_up_to_the_kernels_stages_with_flatten_layers_not_counted()
    {
        LayerSpec[] lenet = [new ConvLayer(6, 5, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(16, 5), new PoolLayer(PoolKind.Avg, 2, 2), new FlattenLayer(), new DenseLayer(120)];
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Layers = lenet, Dropout = 0.5, InputDropout = 0.1, L2 = 1e-4 }));
        LayerSpec[] deep = [new FlattenLayer(), .. Enumerable.Repeat<LayerSpec>(new DenseLayer(4), 31)];
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Layers = deep }));
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Layers = [.. deep, new DenseLayer(4)] })); // dense only: the wide path
        LayerSpec[] conv = [new ConvLayer(2, 3), .. Enumerable.Repeat<LayerSpec>(new DenseLayer(4), 30)];
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Layers = conv }));
        Assert.Equal("layers: 32 layers besides flatten with convolution or pooling; the CUDA engine trains at most 31 (deeper plain MLPs without augmentation train on its wide path)",
            CudaCapabilities.Refusal(new TrainConfig { Layers = [.. conv, new DenseLayer(4)] }));
    }

    [Fact]
    public void Step_and_sign_activations_are_refused_naming_the_field()
    {
        Assert.StartsWith("activation: 'step' has no gradient; the CUDA engine trains sigmoid, tanh, relu, leaky_relu, identity",
            CudaCapabilities.Refusal(new TrainConfig { Activation = Activation.Step }));
        Assert.StartsWith("output_activation: 'sign'",
            CudaCapabilities.Refusal(new TrainConfig { Loss = Loss.Quadratic, OutputActivation = Activation.Sign }));
        // the cross-entropies fold their own output nonlinearity and ignore output_activation
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Loss = Loss.SoftmaxCrossEntropy, OutputActivation = Activation.Sign }));
    }

    [Fact]
    public void Augmentation_is_accepted_except_an_elastic_smoothing_wider_than_the_kernel_holds()
    {
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Augmentation = new Augmentation { Shift = 2, Rotation = 10, Scale = 0.1, Noise = 0.1 } }));
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Augmentation = new Augmentation { ElasticAlpha = 34, ElasticSigma = 4 } }));
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Augmentation = new Augmentation { ElasticAlpha = 34, ElasticSigma = 42.33 } }));
        Assert.StartsWith("augmentation.elastic_sigma: 42.5 is wider than the CUDA engine's smoothing kernel holds; allowed: elastic_sigma <= 42.33",
            CudaCapabilities.Refusal(new TrainConfig { Augmentation = new Augmentation { ElasticAlpha = 34, ElasticSigma = 42.5 } }));
        Assert.Null(CudaCapabilities.Refusal(new TrainConfig { Augmentation = new Augmentation { ElasticAlpha = 0, ElasticSigma = 50 } })); // no elastic: sigma unused
        Assert.True(CudaCapabilities.Augments(new TrainConfig { Augmentation = new Augmentation { Noise = 0.1 } }));
        Assert.False(CudaCapabilities.Augments(new TrainConfig { Augmentation = new Augmentation() }));
        Assert.False(CudaCapabilities.Augments(new TrainConfig()));
    }

    [Fact]
    public void Check_names_the_first_member_it_cannot_train()
    {
        var ok = new TrainConfig();
        var ex = Assert.Throws<ArgumentException>(() => CudaCapabilities.Check([ok, ok, ok with { Activation = Activation.Sign }]));
        Assert.StartsWith("the CUDA engine cannot train cohort member 2: activation: 'sign'", ex.Message);
        CudaCapabilities.Check([ok, ok]);
    }
}
