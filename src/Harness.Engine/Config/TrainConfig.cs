namespace Harness.Engine;

/// <summary>
/// One training configuration: every knob the engine offers. Input and output widths come from the dataset;
/// <see cref="Hidden"/> lists the hidden layer widths. Round-trips through JSON (snake_case names,
/// see <see cref="EngineJson"/>), which is how experiment files, `train --config` and the store carry it.
/// <para>
/// It is the one carrier of a trial's knobs. Engines read it through two views: the <see cref="Architecture"/>
/// (shape, activations, loss) and, with batch size and standardization, the <see cref="CohortKey"/> that every
/// member of one cohort shares; every other field is a per-member setting (optimizer and its coefficients,
/// learning rate and schedule, L1/L2, dropout, init, seeds, epochs, early stopping).
/// </para>
/// </summary>
public sealed record TrainConfig
{
    // Architecture
    /// <summary>Hidden layer widths, input side first. Empty = no hidden layer (logistic/softmax regression).</summary>
    public int[] Hidden { get; init; } = [100];
    /// <summary>
    /// Hidden layers as a list (convolution, pooling, flatten, dense), input side first; the output layer (dense,
    /// one unit per class or target) is added. When set it replaces <see cref="Hidden"/>. Null = a dense network
    /// of <see cref="Hidden"/> widths. JSON: <c>[{"conv": {"filters": 32, "size": 5}}, {"max_pool": 2}, {"dense": 1024}]</c>.
    /// </summary>
    public LayerSpec[]? Layers { get; init; }
    /// <summary>Activation of every hidden layer (after each convolution and hidden dense layer).</summary>
    public Activation Activation { get; init; } = Activation.Relu;
    /// <summary>Output activation for Quadratic, Absolute and Hinge losses (ignored by the two cross-entropies).</summary>
    public Activation OutputActivation { get; init; } = Activation.Identity;
    /// <summary>Slope for x &lt; 0 of LeakyRelu.</summary>
    public double LeakySlope { get; init; } = 0.01;
    public Loss Loss { get; init; } = Loss.SoftmaxCrossEntropy;
    public Init Init { get; init; } = Init.He;
    /// <summary>Standard deviation for <see cref="Init.Normal"/>.</summary>
    public double InitSigma { get; init; } = 0.01;

    // Optimisation
    public Optimizer Optimizer { get; init; } = Optimizer.Sgd;
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Momentum coefficient for Momentum and Nesterov.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Adam/AdamW first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Adam/AdamW second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>RMSProp squared-gradient decay.</summary>
    public double Rho { get; init; } = 0.9;
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>Examples per step: 1 = pure SGD, 0 = the whole training split (full-batch gradient descent).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Maximum number of epochs.</summary>
    public int Epochs { get; init; } = 10;

    // Learning-rate schedule (factor applied to LearningRate at each epoch)
    public Schedule Schedule { get; init; } = Schedule.Constant;
    /// <summary>Step: multiply by DecayRate every StepEpochs. Exponential: multiply by DecayRate each epoch.</summary>
    public double DecayRate { get; init; } = 0.5;
    public int StepEpochs { get; init; } = 10;
    /// <summary>Cosine and Linear: the factor reached at the last epoch (e.g. 0.01 = "decay by 100x by the end").</summary>
    public double FinalFactor { get; init; } = 0.01;

    // Regularisation
    /// <summary>L2 weight decay lambda: adds (L2/2)·sum(w^2) to the loss. With AdamW it is applied decoupled.</summary>
    public double L2 { get; init; }
    /// <summary>L1 lambda: adds L1·sum(|w|) to the loss.</summary>
    public double L1 { get; init; }
    /// <summary>Apply L2/L1 to biases as well as weights.</summary>
    public bool DecayBiases { get; init; }
    /// <summary>Inverted dropout rate on hidden dense layers, in [0, 1) (convolution and pooling outputs are not dropped).</summary>
    public double Dropout { get; init; }
    /// <summary>Inverted dropout rate on the input layer, in [0, 1).</summary>
    public double InputDropout { get; init; }

    /// <summary>Random shifts, rotations, scaling, elastic distortion and noise on training batches; null = none.</summary>
    public Augmentation? Augmentation { get; init; }

    // Preprocessing
    /// <summary>Standardize features with mean/std fitted on the training split; saved with the model.</summary>
    public bool Standardize { get; init; }

    // Early stopping (null = train for Epochs epochs)
    public EarlyStopping? EarlyStopping { get; init; }

    // Reproducibility and resources
    /// <summary>Seed of weight initialisation and dropout masks.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Seed of the training data order (the shuffle before each epoch); null = <see cref="Seed"/>, so repeats
    /// (seed + repeat) differ in both init and data order. Set it to give several trials one batch order.
    /// </summary>
    public int? ShuffleSeed { get; init; }
    /// <summary>Worker threads for the CPU engine; 0 = all cores. Results do not depend on it, so it is not part of an experiment's spec hash.</summary>
    public int Threads { get; init; }
}

/// <summary>Stop when the monitored validation metric has not improved by MinDelta for Patience epochs.</summary>
public sealed record EarlyStopping
{
    public Monitor Monitor { get; init; } = Monitor.ValAccuracy;
    public int Patience { get; init; } = 5;
    public double MinDelta { get; init; }
    /// <summary>Return the weights of the best epoch rather than the last.</summary>
    public bool RestoreBest { get; init; } = true;
}
