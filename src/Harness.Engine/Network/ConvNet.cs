using System.Runtime.CompilerServices;

namespace Harness.Engine;

/// <summary>
/// Forward and backward passes of a layer-list network (<see cref="LayerPlan"/>: convolutions, pooling, dense
/// layers, then the dense output layer) over one batch, every buffer preallocated. Activations are stored
/// channels-last, (B, H, W, C), so a dense layer reads a flattened image as it lies. The hidden activation
/// follows every convolution and hidden dense layer; dropout (<see cref="NetworkSpec.Dropout"/>) applies to
/// hidden dense outputs and input dropout to the input, as in <see cref="Mlp"/>. Convolution and pooling run
/// over examples in parallel on the worker pool of <see cref="CpuOps"/> (single-threaded with another IOps).
/// </summary>
public sealed class ConvNet : INetwork
{
    private readonly IOps _ops;
    private readonly PlannedLayer[] _stages;
    private readonly Conv2d?[] _convs;
    private readonly Pool2d?[] _pools;
    private readonly float[][] _z, _a, _d, _dropped, _masks;
    private readonly float[] _inputDropped, _inputMask;
    private int _maskBatch = -1;

    public ConvNet(NetworkSpec spec, IOps ops, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var plan = spec.Plan ?? throw new ArgumentException("a ConvNet needs a spec with a layer plan", nameof(spec));
        Spec = spec; _ops = ops; MaxBatch = Math.Max(1, maxBatch);
        var pool = (ops as CpuOps)?.Pool;
        _stages = [.. plan.Layers.Where(l => l.Spec is not FlattenLayer)];
        int n = _stages.Length;
        _convs = new Conv2d?[n]; _pools = new Pool2d?[n];
        _z = new float[n][]; _a = new float[n][]; _d = new float[n][]; _dropped = new float[n][]; _masks = new float[n][];
        for (int i = 0; i < n; i++)
        {
            var s = _stages[i];
            int size = MaxBatch * s.Out.Size;
            bool weighted = s.Spec is not PoolLayer;
            _z[i] = weighted ? new float[size] : [];
            _a[i] = new float[size];
            _d[i] = new float[size];
            bool drops = Drops(s);
            _dropped[i] = drops ? new float[size] : [];
            _masks[i] = drops ? new float[size] : [];
            if (s.Spec is ConvLayer) _convs[i] = new Conv2d(s, ops, pool, MaxBatch);
            if (s.Spec is PoolLayer) _pools[i] = new Pool2d(s, pool, MaxBatch);
        }
        _inputDropped = spec.InputDropout > 0 ? new float[MaxBatch * spec.Inputs] : [];
        _inputMask = spec.InputDropout > 0 ? new float[MaxBatch * spec.Inputs] : [];
    }

    public NetworkSpec Spec { get; }
    public int MaxBatch { get; }
    private int Last => _stages.Length - 1;
    public int HiddenCount => _stages.Length - 1;
    public int HiddenWidth(int layer) => _stages[layer].Out.Size;

    /// <summary>The planned layer behind hidden output <paramref name="layer"/> (flatten layers are skipped).</summary>
    public PlannedLayer HiddenLayer(int layer) => _stages[layer];

    public ReadOnlySpan<float> Output(int batch) => _a[Last].AsSpan(0, batch * Spec.Outputs);

    public ReadOnlySpan<float> Logits(int batch) => _z[Last].AsSpan(0, batch * Spec.Outputs);

    public ReadOnlySpan<float> Hidden(int layer, int batch) => _a[layer].AsSpan(0, batch * _stages[layer].Out.Size);

    private bool Drops(PlannedLayer s) => Spec.Dropout > 0 && s.Spec is DenseLayer && !s.IsOutput;

    public void DrawMasks(ref Rng rng, int batch)
    {
        if (Spec.InputDropout > 0) _ops.DropoutMask(Spec.InputDropout, ref rng, _inputMask.AsSpan(0, batch * Spec.Inputs));
        for (int i = 0; i < _stages.Length; i++)
            if (Drops(_stages[i])) _ops.DropoutMask(Spec.Dropout, ref rng, _masks[i].AsSpan(0, batch * _stages[i].Out.Size));
        _maskBatch = batch;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch, bool train)
    {
        if (batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch exceeds the workspace size {MaxBatch}");
        bool dropping = train && (Spec.Dropout > 0 || Spec.InputDropout > 0);
        if (dropping && _maskBatch != batch) throw new InvalidOperationException($"dropout masks were drawn for {_maskBatch} examples, not {batch}");
        ReadOnlySpan<float> input = x[..(batch * Spec.Inputs)];
        if (train && Spec.InputDropout > 0)
        {
            var xd = _inputDropped.AsSpan(0, input.Length);
            input.CopyTo(xd);
            _ops.ApplyMask(xd, _inputMask);
            input = xd;
        }
        var layout = Spec.Layout;
        for (int i = 0; i < _stages.Length; i++)
        {
            var s = _stages[i];
            int n = batch * s.Out.Size;
            var a = _a[i].AsSpan(0, n);
            switch (s.Spec)
            {
                case PoolLayer:
                    _pools[i]!.Forward(input, a, batch);
                    break;
                case ConvLayer:
                    _convs[i]!.Forward(input, parameters[layout.Weights(s.Block)], parameters[layout.Biases(s.Block)], _z[i].AsSpan(0, n), batch);
                    _ops.ActivationForward(Spec.Hidden, Spec.LeakySlope, _z[i].AsSpan(0, n), a);
                    break;
                default:
                    var z = _z[i].AsSpan(0, n);
                    _ops.LinearForward(input, parameters[layout.Weights(s.Block)], parameters[layout.Biases(s.Block)], z, batch, s.In.Size, s.Out.Size);
                    if (s.IsOutput) { _ops.OutputForward(Spec.Loss, z, a, batch, s.Out.Size); return; }
                    _ops.ActivationForward(Spec.Hidden, Spec.LeakySlope, z, a);
                    break;
            }
            if (train && Drops(s))
            {
                var dropped = _dropped[i].AsSpan(0, n);
                a.CopyTo(dropped);
                _ops.ApplyMask(dropped, _masks[i]);
                input = dropped;
            }
            else input = a;
        }
    }

    public double Loss(ReadOnlySpan<float> t, int batch) =>
        _ops.Loss(Spec.Loss, Logits(batch), Output(batch), t, [], batch, Spec.Outputs, 1f);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> t, int batch, bool train, Span<float> gradients)
    {
        var layout = Spec.Layout;
        var dLast = _d[Last].AsSpan(0, batch * Spec.Outputs);
        double loss = _ops.Loss(Spec.Loss, _z[Last].AsSpan(0, dLast.Length), Output(batch), t, dLast, batch, Spec.Outputs, 1f / batch);
        for (int i = Last; i >= 0; i--)
        {
            var s = _stages[i];
            var d = _d[i].AsSpan(0, batch * s.Out.Size);
            var dPrev = i > 0 ? _d[i - 1].AsSpan(0, batch * s.In.Size) : [];
            switch (s.Spec)
            {
                case PoolLayer:
                    if (i > 0) _pools[i]!.Backward(d, dPrev, batch);
                    break;
                case ConvLayer:
                    _convs[i]!.Backward(d, gradients[layout.Weights(s.Block)], gradients[layout.Biases(s.Block)], dPrev, batch);
                    break;
                default:
                    _ops.LinearBackwardParameters(d, InputOf(i, x, batch, train), gradients[layout.Weights(s.Block)], gradients[layout.Biases(s.Block)], batch, s.In.Size, s.Out.Size);
                    if (i > 0) _ops.LinearBackwardInput(d, parameters[layout.Weights(s.Block)], dPrev, batch, s.In.Size, s.Out.Size);
                    break;
            }
            if (i == 0) break;
            var prev = _stages[i - 1];
            if (train && Drops(prev)) _ops.ApplyMask(dPrev, _masks[i - 1]);
            if (prev.Spec is not PoolLayer)
                _ops.ActivationBackward(Spec.Hidden, Spec.LeakySlope, _z[i - 1].AsSpan(0, dPrev.Length), _a[i - 1].AsSpan(0, dPrev.Length), dPrev, dPrev);
        }
        return loss;
    }

    // What stage i read in the last forward pass: the (input-dropped) batch, or the previous stage's (dropped) output.
    private ReadOnlySpan<float> InputOf(int i, ReadOnlySpan<float> x, int batch, bool train)
    {
        int n = batch * _stages[i].In.Size;
        if (i == 0) return train && Spec.InputDropout > 0 ? _inputDropped.AsSpan(0, n) : x[..n];
        return train && Drops(_stages[i - 1]) ? _dropped[i - 1].AsSpan(0, n) : _a[i - 1].AsSpan(0, n);
    }

    public void AddRegularization(ReadOnlySpan<float> parameters, Span<float> gradients, IReadOnlyList<Range> decayed)
    {
        float l2 = Spec.GradientL2, l1 = Spec.L1;
        if (l2 == 0 && l1 == 0) return;
        for (int i = 0; i < decayed.Count; i++) _ops.RegularizerGradient(parameters[decayed[i]], gradients[decayed[i]], l2, l1);
    }

    public double Penalty(ReadOnlySpan<float> parameters, IReadOnlyList<Range> decayed)
    {
        float l2 = Spec.GradientL2, l1 = Spec.L1;
        if (l2 == 0 && l1 == 0) return 0;
        double sum = 0;
        for (int i = 0; i < decayed.Count; i++) sum += _ops.RegularizerPenalty(parameters[decayed[i]], l2, l1);
        return sum;
    }
}
