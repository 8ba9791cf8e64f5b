namespace Harness.Engine;

/// <summary>
/// Forward and backward passes of one network over a batch, every buffer preallocated for a maximum batch
/// size: <see cref="Mlp"/> for dense networks, <see cref="ConvNet"/> for layer lists. Parameters and gradients
/// are flat buffers in <see cref="NetworkSpec.Layout"/> order. Made by <see cref="NetworkSpec.Create"/>.
/// </summary>
public interface INetwork
{
    NetworkSpec Spec { get; }
    int MaxBatch { get; }

    /// <summary>Hidden layers whose outputs <see cref="Hidden"/> returns.</summary>
    int HiddenCount { get; }

    /// <summary>Values per example of hidden layer <paramref name="layer"/>'s output.</summary>
    int HiddenWidth(int layer);

    /// <summary>Output activations of the last forward pass: (B, K).</summary>
    ReadOnlySpan<float> Output(int batch);

    /// <summary>Pre-activations of the output layer from the last forward pass: (B, K); the loss reads them with <see cref="Output"/>.</summary>
    ReadOnlySpan<float> Logits(int batch);

    /// <summary>Output of hidden layer <paramref name="layer"/> from the last forward pass, before dropout: (B, width).</summary>
    ReadOnlySpan<float> Hidden(int layer, int batch);

    /// <summary>Draws fresh inverted-dropout masks for a batch of <paramref name="batch"/> examples.</summary>
    void DrawMasks(ref Rng rng, int batch);

    /// <summary>Forward pass. x: (B, In) -> (B, K) in <see cref="Output"/>; with <paramref name="train"/> the current dropout masks apply.</summary>
    void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch, bool train);

    /// <summary>Σ over the batch of per-example losses of the last forward pass against t: (B, K) (no regularization).</summary>
    double Loss(ReadOnlySpan<float> t, int batch);

    /// <summary>After <see cref="Forward"/>: gradients (overwritten) = ∂(mean batch loss)/∂parameters; returns the summed loss.</summary>
    double Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> t, int batch, bool train, Span<float> gradients);

    /// <summary>gradients += ∂penalty/∂parameters on the decayed ranges. Accumulates.</summary>
    void AddRegularization(ReadOnlySpan<float> parameters, Span<float> gradients, IReadOnlyList<Range> decayed);

    /// <summary>(L2/2)·Σw² + L1·Σ|w| over the decayed ranges (L2 omitted when decoupled).</summary>
    double Penalty(ReadOnlySpan<float> parameters, IReadOnlyList<Range> decayed);
}
