namespace Harness.Engine;

/// <summary>
/// The primitives the trainer and evaluator call: the whole numeric contract of an engine. <see cref="CpuOps"/>
/// is the readable reference; a GPU engine implements the same operations under the same names.
/// <para>
/// Dimension letters: B = examples in the batch, In = input width of a layer, Out = its output width,
/// K = output units of the network, N = any element count. Every matrix is row-major. Per-model
/// hyperparameters (leaky slope, dropout rate, L1/L2) are arguments, never constants, so a cohort of models
/// with different settings can share one implementation.
/// </para>
/// "Overwrites" means the destination's old contents are ignored; "accumulates" means the result is added.
/// </summary>
public interface IOps
{
    /// <summary>Dense layer forward. x: (B, In), w: (Out, In), b: (Out) -> y: (B, Out) = x·wᵀ + b. Overwrites y.</summary>
    void LinearForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, int batch, int input, int output);

    /// <summary>Dense layer parameter gradient. dy: (B, Out), x: (B, In) -> dw: (Out, In) = dyᵀ·x, db: (Out) = Σ_B dy. Overwrites dw and db.</summary>
    void LinearBackwardParameters(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int batch, int input, int output);

    /// <summary>Dense layer input gradient. dy: (B, Out), w: (Out, In) -> dx: (B, In) = dy·w. Overwrites dx. (The trainer skips it for the first layer.)</summary>
    void LinearBackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int batch, int input, int output);

    /// <summary>Elementwise activation. z: (N) -> a: (N) = f(z). Overwrites a.</summary>
    void ActivationForward(Activation f, float leakySlope, ReadOnlySpan<float> z, Span<float> a);

    /// <summary>Elementwise activation gradient. z, a = f(z), da: (N) -> dz: (N) = da ⊙ f'(z). Overwrites dz; dz may be da itself.</summary>
    void ActivationBackward(Activation f, float leakySlope, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> da, Span<float> dz);

    /// <summary>
    /// Output layer forward. z: (B, K) -> a: (B, K): softmax per row for SoftmaxCrossEntropy, sigmoid for
    /// SigmoidCrossEntropy, else the configured output activation. Overwrites a.
    /// </summary>
    void OutputForward(LossSpec loss, ReadOnlySpan<float> z, Span<float> a, int batch, int classes);

    /// <summary>
    /// Loss forward and backward. z: (B, K) pre-activations, a: (B, K) from <see cref="OutputForward"/>, t: (B, K) targets
    /// -> returns Σ_B per-example loss (double); when dz is not empty, dz: (B, K) = scale · ∂(Σ_B loss)/∂z (overwrites).
    /// The trainer passes scale = 1/B so dz is the gradient of the batch mean.
    /// </summary>
    double Loss(LossSpec loss, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> t, Span<float> dz, int batch, int classes, float scale);

    /// <summary>Inverted dropout mask. -> mask: (N), each element 0 with probability rate, else 1/(1-rate). Overwrites mask.</summary>
    void DropoutMask(float rate, ref Rng rng, Span<float> mask);

    /// <summary>x: (N) ⊙= mask: (N). In place (forward applies the mask to activations, backward to their gradient).</summary>
    void ApplyMask(Span<float> x, ReadOnlySpan<float> mask);

    /// <summary>Regularizer gradient. p: (N) -> g: (N) += l2·p + l1·sign(p). Accumulates.</summary>
    void RegularizerGradient(ReadOnlySpan<float> p, Span<float> g, float l2, float l1);

    /// <summary>Regularizer value. p: (N) -> (l2/2)·Σp² + l1·Σ|p| (double).</summary>
    double RegularizerPenalty(ReadOnlySpan<float> p, float l2, float l1);

    /// <summary>a: (B, K) -> predicted: (B) index of the row maximum (first on ties). Overwrites predicted.</summary>
    void Argmax(ReadOnlySpan<float> a, Span<int> predicted, int batch, int classes);
}

/// <summary>The loss and output activation of a network, with the output activation's leaky slope.</summary>
public readonly record struct LossSpec(Loss Loss, Activation OutputActivation, float LeakySlope)
{
    /// <summary>True when the output nonlinearity is folded into the loss (softmax / sigmoid cross-entropy).</summary>
    public bool FoldsOutput => Loss is Engine.Loss.SoftmaxCrossEntropy or Engine.Loss.SigmoidCrossEntropy;
}
