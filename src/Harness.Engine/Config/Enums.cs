namespace Harness.Engine;

// JSON names are snake_case of the member names (leaky_relu, softmax_cross_entropy, glorot_uniform, ...).

/// <summary>Elementwise activation of a layer. Step and Sign have no useful derivative: they serve the perceptron.</summary>
public enum Activation { Sigmoid, Tanh, Relu, LeakyRelu, Identity, Step, Sign }

/// <summary>
/// Cost function applied to the output layer. SoftmaxCrossEntropy puts a softmax on the output and
/// SigmoidCrossEntropy a per-unit sigmoid (multi-label); Quadratic/Absolute/Hinge use the configured
/// output activation.
/// </summary>
public enum Loss { Quadratic, Absolute, SoftmaxCrossEntropy, SigmoidCrossEntropy, Hinge }

/// <summary>
/// Weight initialisation. Normal uses N(0, sigma^2) with <see cref="TrainConfig.InitSigma"/>; StandardNormal
/// N(0,1); Nielsen N(0, 1/n_in) (network2.py's default); Glorot uniform/normal; He N(0, 2/n_in). Biases start
/// at 0, except StandardNormal and Nielsen, which draw them from N(0,1) as network.py does.
/// </summary>
public enum Init { Normal, StandardNormal, Nielsen, GlorotUniform, GlorotNormal, He }

public enum Optimizer { Sgd, Momentum, Nesterov, Adagrad, RmsProp, Adam, AdamW }

/// <summary>Learning-rate schedule over epochs.</summary>
public enum Schedule { Constant, Step, Exponential, Cosine, Linear }

/// <summary>What early stopping watches on the validation split.</summary>
public enum Monitor { ValAccuracy, ValLoss }

/// <summary>Why training ended.</summary>
public enum StopReason { MaxEpochs, EarlyStopped, Diverged, Pruned, Cancelled }

/// <summary>Convolution padding: Valid uses only whole windows inside the image; Same pads with zeros so the output is ceil(input / stride).</summary>
public enum Padding { Valid, Same }

/// <summary>Pooling: the maximum or the mean of each window.</summary>
public enum PoolKind { Max, Avg }
