using System.Diagnostics;
using System.Runtime.CompilerServices;
using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// One member of a CPU cohort: its weights, gradients, optimizer state, RNG streams (init, data order, dropout)
/// and batch buffers, and one epoch of minibatch training followed by validation.
/// <para>
/// Per epoch: shuffle the training split (data seed), step through batches (augmentation when configured, forward, loss, backward,
/// regularizer gradient, optimizer step), then evaluate the validation split with the full network (no
/// dropout). TrainLoss is the mean per-example loss over the epoch's batches as they were trained (dropout on,
/// weights changing) plus the regularization penalty at the epoch's end; TrainAccuracy is the fraction of
/// training examples whose batch forward pass ranked the label first. Validation loss is the mean data loss.
/// </para>
/// </summary>
internal sealed partial class CpuMember
{
    private const int InitStream = 1, ShuffleStream = 2, DropoutStream = 3;

    private readonly TrainConfig _config;
    private readonly PreparedData _data;
    private readonly NetworkSpec _spec;
    private readonly float[] _parameters, _gradients;
    private readonly IReadOnlyList<Range> _decayed;
    private readonly IOptimizer _optimizer;
    private readonly CpuOps _ops;
    private readonly WorkerPool _evalPool;
    private readonly INetwork _mlp;
    private readonly int[] _order, _predicted;
    private readonly float[] _x, _t;
    private readonly int _batchSize;
    private readonly Augmenter? _augmenter;
    private Rng _shuffleRng, _dropoutRng, _augmentRng;
    private float[]? _best;
    private double _initialLoss = double.NaN;

    /// <param name="ops">The cohort's ops and evaluation pool, shared by its members (they train one at a time).</param>
    public CpuMember(TrainConfig config, PreparedData data, CpuOps ops, WorkerPool evalPool)
    {
        _config = config;
        _data = data;
        var train = data.Train;
        int inputs = train.FeatureCount, outputs = train.OutputCount, n = train.Count;
        _spec = NetworkSpec.From(config, inputs, outputs, train.Shape);
        var layout = _spec.Layout;
        _parameters = new float[layout.Count];
        _gradients = new float[layout.Count];
        var initRng = Rng.Stream(config.Seed, InitStream);
        Initializer.Fill(config.Init, config.InitSigma, layout, _parameters, ref initRng);
        _decayed = layout.Decayed(config.DecayBiases);
        _optimizer = Optimizers.Create(config, layout.Count, _decayed);

        _batchSize = config.BatchSize == 0 ? n : Math.Min(config.BatchSize, n);
        _ops = ops;
        _evalPool = evalPool;
        _mlp = _spec.Create(_ops, _batchSize);
        _shuffleRng = Rng.Stream(config.ShuffleSeed ?? config.Seed, ShuffleStream);
        _dropoutRng = Rng.Stream(config.Seed, DropoutStream);
        _augmenter = config.Augmentation is { } aug ? new Augmenter(aug, train.Shape, inputs) : null;
        _augmentRng = Rng.Stream(config.Seed, Augmenter.Stream);
        _order = new int[n];
        for (int i = 0; i < n; i++) _order[i] = i;
        _x = new float[_batchSize * inputs];
        _t = new float[_batchSize * outputs];
        _predicted = new int[_batchSize];
    }

    public bool Active { get; set; } = true;

    /// <summary>Epochs trained so far (a resumed member starts from its checkpoint's).</summary>
    public int Epochs { get; private set; }

    /// <summary>The member's next epoch of training, then validation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public MemberEpoch RunEpoch(CancellationToken token)
    {
        int epoch = ++Epochs;
        var clock = Stopwatch.StartNew();
        var train = _data.Train;
        int n = train.Count, inputs = train.FeatureCount, outputs = train.OutputCount;
        bool dropout = _spec.Dropout > 0 || _spec.InputDropout > 0;
        double lr = LearningRateSchedule.Rate(_config, epoch - 1);
        _shuffleRng.Shuffle(_order);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += _batchSize)
        {
            token.ThrowIfCancellationRequested();
            int b = Math.Min(_batchSize, n - start);
            var idx = _order.AsSpan(start, b);
            for (int i = 0; i < b; i++) train.Row(idx[i]).CopyTo(_x.AsSpan(i * inputs, inputs));
            Targets.Gather(train, idx, _t);
            _augmenter?.Apply(_x, b, ref _augmentRng);
            if (dropout) _mlp.DrawMasks(ref _dropoutRng, b);
            _mlp.Forward(_parameters, _x, b, train: true);
            double batchLoss = _mlp.Backward(_parameters, _x, _t, b, train: true, _gradients);
            if (!double.IsFinite(batchLoss)) return new MemberEpoch(epoch, null, Divergence.BatchLoss);
            if (double.IsNaN(_initialLoss)) _initialLoss = batchLoss / b; // before any update
            lossSum += batchLoss;
            if (train.Labels is { } labels)
            {
                _ops.Argmax(_mlp.Output(b), _predicted, b, outputs);
                for (int i = 0; i < b; i++) if (_predicted[i] == labels[idx[i]]) correct++;
            }
            _mlp.AddRegularization(_parameters, _gradients, _decayed);
            _optimizer.Step(_parameters, _gradients, lr);
        }

        double trainLoss = lossSum / n + _mlp.Penalty(_parameters, _decayed);
        var validation = _data.Validation;
        var val = Evaluator.Run(_spec, _parameters, validation, _evalPool);
        var diverged = Divergence.Check(_initialLoss, trainLoss, val.Loss, validation.Count > 0);
        var row = new EpochMetrics(epoch, trainLoss, train.Labels is null ? double.NaN : (double)correct / n,
            val.Loss, val.Accuracy, lr, clock.Elapsed.TotalSeconds);
        return new MemberEpoch(epoch, row, diverged);
    }

    public void KeepBest()
    {
        _best ??= new float[_parameters.Length];
        _parameters.CopyTo(_best, 0);
    }

    public Model Export(bool best)
    {
        var weights = best && _best is not null ? _best : _parameters;
        int[] sizes = _spec.Plan is null ? _spec.Layout.Sizes : [_spec.Inputs, _spec.Outputs];
        return new Model(_config, sizes, _data.Standardization, (float[])weights.Clone(), _data.Train.Shape);
    }
}
