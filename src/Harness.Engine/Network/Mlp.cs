using System.Runtime.CompilerServices;
namespace Harness.Engine;

/// <summary>
/// Forward and backward passes of a dense network over one batch, with every buffer preallocated for a maximum
/// batch size (no allocation per step). Parameters and gradients are flat buffers in <see cref="ParameterLayout"/>
/// order. Dropout masks are drawn by <see cref="DrawMasks"/> and reused until drawn again, so a gradient check can
/// hold a mask fixed.
/// </summary>
public sealed class Mlp : INetwork
{
    private readonly IOps _ops;
    private readonly float[][] _z, _a, _dropped, _dz, _masks;
    private readonly float[] _inputDropped, _inputMask;
    private int _maskBatch = -1;

    public Mlp(NetworkSpec spec, IOps ops, int maxBatch)
    {
        Spec = spec; _ops = ops; MaxBatch = Math.Max(1, maxBatch);
        var layout = spec.Layout;
        int layers = layout.LayerCount;
        _z = new float[layers][]; _a = new float[layers][]; _dz = new float[layers][];
        _dropped = new float[layers][]; _masks = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int size = MaxBatch * layout.OutputWidth(l);
            _z[l] = new float[size]; _a[l] = new float[size]; _dz[l] = new float[size];
            bool hidden = l < layers - 1;
            _dropped[l] = hidden && spec.Dropout > 0 ? new float[size] : [];
            _masks[l] = hidden && spec.Dropout > 0 ? new float[size] : [];
        }
        _inputDropped = spec.InputDropout > 0 ? new float[MaxBatch * layout.Sizes[0]] : [];
        _inputMask = spec.InputDropout > 0 ? new float[MaxBatch * layout.Sizes[0]] : [];
    }

    public NetworkSpec Spec { get; }
    public int MaxBatch { get; }
    private int Layers => Spec.Layout.LayerCount;

    /// <summary>Output activations of the last forward pass: (B, K).</summary>
    public ReadOnlySpan<float> Output(int batch) => _a[Layers - 1].AsSpan(0, batch * Spec.Outputs);

    public ReadOnlySpan<float> Logits(int batch) => _z[Layers - 1].AsSpan(0, batch * Spec.Outputs);

    public int HiddenCount => Layers - 1;

    public int HiddenWidth(int layer) => Spec.Layout.OutputWidth(layer);

    /// <summary>Activations of hidden layer <paramref name="layer"/> (0 = first hidden) from the last forward pass, before dropout: (B, width).</summary>
    public ReadOnlySpan<float> Hidden(int layer, int batch) => _a[layer].AsSpan(0, batch * Spec.Layout.OutputWidth(layer));

    /// <summary>Draws fresh inverted-dropout masks for a batch of <paramref name="batch"/> examples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DrawMasks(ref Rng rng, int batch)
    {
        if (Spec.InputDropout > 0) _ops.DropoutMask(Spec.InputDropout, ref rng, _inputMask.AsSpan(0, batch * Spec.Inputs));
        if (Spec.Dropout > 0)
            for (int l = 0; l < Layers - 1; l++)
                _ops.DropoutMask(Spec.Dropout, ref rng, _masks[l].AsSpan(0, batch * Spec.Layout.OutputWidth(l)));
        _maskBatch = batch;
    }

    /// <summary>
    /// Forward pass. x: (B, In0) -> outputs (B, K) in <see cref="Output"/>. With <paramref name="train"/>, the
    /// current dropout masks are applied (they must have been drawn for this batch size).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch, bool train)
    {
        if (batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch exceeds the workspace size {MaxBatch}");
        bool dropping = train && (Spec.Dropout > 0 || Spec.InputDropout > 0);
        if (dropping && _maskBatch != batch) throw new InvalidOperationException($"dropout masks were drawn for {_maskBatch} examples, not {batch}");
        var layout = Spec.Layout;
        ReadOnlySpan<float> input = x[..(batch * Spec.Inputs)];
        if (train && Spec.InputDropout > 0)
        {
            var xd = _inputDropped.AsSpan(0, input.Length);
            input.CopyTo(xd);
            _ops.ApplyMask(xd, _inputMask);
            input = xd;
        }
        for (int l = 0; l < Layers; l++)
        {
            int inW = layout.InputWidth(l), outW = layout.OutputWidth(l), n = batch * outW;
            var z = _z[l].AsSpan(0, n);
            var a = _a[l].AsSpan(0, n);
            _ops.LinearForward(input, parameters[layout.Weights(l)], parameters[layout.Biases(l)], z, batch, inW, outW);
            if (l == Layers - 1) { _ops.OutputForward(Spec.Loss, z, a, batch, outW); break; }
            _ops.ActivationForward(Spec.Hidden, Spec.LeakySlope, z, a);
            if (train && Spec.Dropout > 0)
            {
                var d = _dropped[l].AsSpan(0, n);
                a.CopyTo(d);
                _ops.ApplyMask(d, _masks[l]);
                input = d;
            }
            else input = a;
        }
    }

    /// <summary>
    /// Loss of the last forward pass against targets t: (B, K); returns the SUM over the batch of per-example losses
    /// (no regularization).
    /// </summary>
    public double Loss(ReadOnlySpan<float> t, int batch) =>
        _ops.Loss(Spec.Loss, Logits(batch), Output(batch), t, [], batch, Spec.Outputs, 1f);

    /// <summary>
    /// Backward pass after <see cref="Forward"/> with the same x and train flag. t: (B, K) targets.
    /// gradients: (P) = ∂(mean batch loss)/∂parameters, overwritten (no regularization; see <see cref="AddRegularization"/>).
    /// Returns the batch's summed per-example loss. The first layer's input gradient is not computed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> t, int batch, bool train, Span<float> gradients)
    {
        var layout = Spec.Layout;
        int last = Layers - 1;
        var dzLast = _dz[last].AsSpan(0, batch * Spec.Outputs);
        double loss = _ops.Loss(Spec.Loss, _z[last].AsSpan(0, dzLast.Length), Output(batch), t, dzLast, batch, Spec.Outputs, 1f / batch);
        for (int l = last; l >= 0; l--)
        {
            int inW = layout.InputWidth(l), outW = layout.OutputWidth(l);
            ReadOnlySpan<float> input = l == 0
                ? (train && Spec.InputDropout > 0 ? _inputDropped.AsSpan(0, batch * inW) : x[..(batch * inW)])
                : (train && Spec.Dropout > 0 ? _dropped[l - 1].AsSpan(0, batch * inW) : _a[l - 1].AsSpan(0, batch * inW));
            var dz = _dz[l].AsSpan(0, batch * outW);
            _ops.LinearBackwardParameters(dz, input, gradients[layout.Weights(l)], gradients[layout.Biases(l)], batch, inW, outW);
            if (l == 0) break;
            var dPrev = _dz[l - 1].AsSpan(0, batch * inW); // holds ∂L/∂a, then ∂L/∂z in place
            _ops.LinearBackwardInput(dz, parameters[layout.Weights(l)], dPrev, batch, inW, outW);
            if (train && Spec.Dropout > 0) _ops.ApplyMask(dPrev, _masks[l - 1]);
            _ops.ActivationBackward(Spec.Hidden, Spec.LeakySlope, _z[l - 1].AsSpan(0, dPrev.Length), _a[l - 1].AsSpan(0, dPrev.Length), dPrev, dPrev);
        }
        return loss;
    }

    /// <summary>gradients += ∂penalty/∂parameters on the decayed ranges (L2 except when decoupled, and L1). Accumulates.</summary>
    public void AddRegularization(ReadOnlySpan<float> parameters, Span<float> gradients, IReadOnlyList<Range> decayed)
    {
        float l2 = Spec.GradientL2, l1 = Spec.L1;
        if (l2 == 0 && l1 == 0) return;
        for (int i = 0; i < decayed.Count; i++) _ops.RegularizerGradient(parameters[decayed[i]], gradients[decayed[i]], l2, l1); // no enumerator allocation
    }

    /// <summary>(L2/2)·Σw² + L1·Σ|w| over the decayed ranges (L2 omitted when decoupled).</summary>
    public double Penalty(ReadOnlySpan<float> parameters, IReadOnlyList<Range> decayed)
    {
        float l2 = Spec.GradientL2, l1 = Spec.L1;
        if (l2 == 0 && l1 == 0) return 0;
        double sum = 0;
        for (int i = 0; i < decayed.Count; i++) sum += _ops.RegularizerPenalty(parameters[decayed[i]], l2, l1);
        return sum;
    }
}
