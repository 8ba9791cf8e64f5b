using System.Diagnostics;
using Harness.Cuda;
using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// A cohort of plain MLPs on the wide path: every member's weights, optimizer state, data order and workspace stay on
/// the device, as in <see cref="CudaCohort"/>, but a step is a sequence of cuBLAS strided-batched GEMMs (one per layer
/// and direction, and one per layer summing its bias gradients, all members at once) and the element-wise kernels of
/// wide.cuh, recorded once as a CUDA graph and replayed for every step of every epoch (the validation pass and the
/// penalty are recorded once too). Members start from the weights and data order of their CPU solo runs; the GEMMs
/// sum in cuBLAS's order, so the runs agree within float tolerance (dropout masks: Philox, as the fused path). Only
/// the per-member outputs (8 doubles each) cross back per epoch.
/// </summary>
internal sealed class WideCohort : ICohort
{
    /// <summary>Threads per block of the wide kernels (WIDE_THREADS in wide.cuh).</summary>
    public const int ThreadsPerBlock = 256;

    /// <summary>The kernels of wide.cuh the cohort launches (the device resolves them before anything is recorded).</summary>
    public static readonly IReadOnlyList<string> Kernels =
    [
        "wide_begin", "wide_gather", "wide_bias_act", "wide_loss", "wide_reduce", "wide_act_back", "wide_advance", "wide_update", "wide_penalty_parts", "wide_penalty",
    ];

    private const int OptFloats = 32; // WIDE_OPT_FLOATS in wide.cuh
    private const int PenaltyChunk = 4096;

    private readonly IWideDevice _device;
    private readonly TrainConfig[] _configs;
    private readonly IDeviceSplit _train, _validation;
    private readonly Standardization? _standardization;
    private readonly ImageShape? _shape;
    private readonly MemberSettings _settings;
    private readonly WideLayout _at;
    private readonly EpochOutputs _outputs;
    private readonly bool[] _active;
    private readonly int[] _live;
    private readonly double[] _out;
    private readonly int _penaltyParts;
    private readonly DeviceArray<float> _params, _s1, _s2, _grad, _work, _floats, _opts, _ones;
    private readonly DeviceArray<int> _order, _ints, _shapeInts, _live1, _cursor;
    private readonly DeviceArray<ulong> _shuffle;
    private readonly DeviceArray<long> _steps, _ranges;
    private readonly DeviceArray<double> _doubles, _outs, _partial;
    private DeviceArray<float>? _best;
    private Action? _step, _validate, _penalty;
    private int _epoch;

    /// <summary>
    /// The cohort on <paramref name="device"/> (which it owns from here on and disposes), training on the prepared
    /// splits <paramref name="train"/> and <paramref name="validation"/> (already on that device; standardized with
    /// <paramref name="standardization"/> when not null) of <paramref name="splits"/>.
    /// </summary>
    public WideCohort(IWideDevice device, DataSplits splits, IDeviceSplit train, IDeviceSplit validation,
        Standardization? standardization, IReadOnlyList<TrainConfig> members)
    {
        _device = device;
        try
        {
            TrainingChecks.Check(splits, members);
            CudaCapabilities.Check(members);
            var data = splits.Train;
            Architecture = Architecture.Of(members[0], data.FeatureCount, data.OutputCount, data.Shape);
            Plan = CohortPlan.For(Architecture, members, data, validation.Count);
            if (!WidePath.CanTrain(Plan, members))
                throw new ArgumentException("the wide path trains dense layers without augmentation only");
            long p = Plan.Parameters, m = members.Count;
            _penaltyParts = (int)((p + PenaltyChunk - 1) / PenaltyChunk);
            (Plan with { Bytes = Plan.Bytes + m * (4 * p + 4 * OptFloats + 8 * _penaltyParts) + 4L * Plan.Batch }).CheckFits(device.FreeBytes);
            _configs = [.. members];
            (_train, _validation, _standardization, _shape) = (train, validation, standardization, data.Shape);
            Labelled = data.Labels is not null;
            _settings = new MemberSettings(members);
            _at = WideLayout.Of(Plan);
            _outputs = new EpochOutputs(members.Count, Plan.TrainCount, validation.Count, Labelled, validation.HasLabels);
            _active = Enumerable.Repeat(true, members.Count).ToArray();
            _live = new int[members.Count];
            _out = new double[members.Count * CohortSlots.Out];

            _params = device.Allocate<float>(m * p);
            _s1 = device.Allocate<float>(m * p);
            _s2 = device.Allocate<float>(m * p);
            _grad = device.Allocate<float>(m * p);
            _work = device.Allocate<float>(m * Plan.WorkspaceFloats);
            _order = device.Allocate<int>(m * Plan.TrainCount);
            var identity = CohortBuffers.IdentityOrder(Plan.TrainCount);
            for (int k = 0; k < m; k++) device.Upload(_order, identity, k * Plan.TrainCount);
            _shuffle = Uploaded(members.SelectMany(ShuffleState.Of).ToArray());
            _steps = device.Allocate<long>(m);
            _doubles = Uploaded(_settings.Doubles);
            _floats = Uploaded(_settings.Floats);
            _ints = Uploaded(_settings.Ints);
            _outs = device.Allocate<double>(m * CohortSlots.Out);
            _shapeInts = Uploaded(CohortShape.Of(Architecture, train.HasLabels, validation.HasLabels));
            _live1 = device.Allocate<int>(m);
            _cursor = device.Allocate<int>(1);
            _opts = device.Allocate<float>(m * OptFloats);
            _ranges = Uploaded(_at.WeightRanges());
            _partial = device.Allocate<double>(m * _penaltyParts);
            _ones = Uploaded(Enumerable.Repeat(1.0f, Plan.Batch).ToArray());
            for (int k = 0; k < m; k++) device.Upload(_params, EpochOutputs.InitialWeights(_configs[k], Architecture.Layout), k * p);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public Architecture Architecture { get; }
    public int Count => _configs.Length;
    public bool Labelled { get; }
    public CohortPlan Plan { get; }
    /// <summary>False when the device could not record a step (a CUDA graph) and each step is issued launch by launch.</summary>
    internal bool StepRecorded { get; private set; }

    private int Members => _configs.Length;
    private int Layers => Plan.Stages.Count;
    private long W => Plan.WorkspaceFloats;
    private long P => Plan.Parameters;

    public bool IsActive(int member) => _active[Check(member)];

    public IReadOnlyList<MemberEpoch?> RunEpoch(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        _epoch++;
        var results = new MemberEpoch?[Count];
        if (!_active.Any(a => a)) return results;
        Train(_epoch - 1, int.MaxValue, validate: true);
        double seconds = clock.Elapsed.TotalSeconds;
        for (int m = 0; m < Count; m++)
            if (_active[m])
                results[m] = _outputs.Read(m, _epoch, _out.AsSpan(m * CohortSlots.Out, CohortSlots.Out),
                    _settings.Doubles[m * CohortSlots.Doubles + CohortSlots.LearningRate], seconds);
        return results;
    }

    /// <summary>
    /// Parity tests: <paramref name="steps"/> minibatch steps of every active member at epoch 1's learning rate, no
    /// validation; returns each member's summed batch loss (NaN where a batch loss was not finite).
    /// </summary>
    internal double[] RunSteps(int steps)
    {
        Train(0, steps, validate: false);
        return [.. Enumerable.Range(0, Count).Select(m => _out[m * CohortSlots.Out + CohortSlots.Status] != 0 ? double.NaN : _out[m * CohortSlots.Out + CohortSlots.LossSum])];
    }

    /// <summary>Parity tests: the member's parameters as they are now.</summary>
    internal float[] Parameters(int member)
    {
        var w = new float[P];
        _device.Download(_params, w, Check(member) * P);
        return w;
    }

    public void Stop(int member) => _active[Check(member)] = false;

    public void KeepBest(int member)
    {
        _best ??= _device.Allocate<float>(Members * P);
        _device.Copy(_params, Check(member) * P, _best, member * P, P);
        _device.Synchronize(); // done before Export, whichever thread calls it
    }

    public Model Export(int member, bool best)
    {
        var weights = new float[P];
        _device.Download(best && _best is not null ? _best : _params, weights, Check(member) * P);
        var config = _configs[member];
        int[] sizes = config.Layers is null ? Architecture.Layout.Sizes : [Architecture.Inputs, Architecture.Outputs]; // as CpuMember.Export
        return new Model(config, sizes, _standardization, weights, _shape);
    }

    public void Dispose() => _device.Dispose();

    // One epoch (or the first maxSteps steps of one) for the active members at their schedule's rate for epoch index
    // `epoch`, then (validate) the validation sums, the penalty and the outputs back to the host.
    private void Train(int epoch, int maxSteps, bool validate)
    {
        for (int m = 0; m < Count; m++)
        {
            _live[m] = _active[m] ? 1 : 0;
            if (_active[m]) _settings.SetLearningRate(m, LearningRateSchedule.Rate(_configs[m], epoch));
        }
        _device.Upload(_doubles, _settings.Doubles);
        _device.Upload(_live1, _live);
        _device.Launch("wide_begin", Members, Members, Plan.TrainCount, _order, _shuffle, _outs, _cursor, _live1);
        _step ??= RecordStep();
        int steps = Math.Min(maxSteps, Plan.StepsPerEpoch);
        for (int s = 0; s < steps; s++) _step();
        if (validate && _validation.Count > 0) (_validate ??= Recording(IssueValidation).Run)();
        (_penalty ??= Recording(IssuePenalty).Run)();
        _device.Download(_outs, _out);
    }

    // What runs one step: its recording, or where the device cannot record it (a driver or cuBLAS that refuses the
    // capture), the step issued launch by launch, which computes the same.
    private Action RecordStep()
    {
        IssueStep((_, _, _) => { }); // a step's GEMMs alone, before recording: cuBLAS picks and loads its kernels
        (var step, StepRecorded) = Recording(() => IssueStep(_device.Launch));
        return step;
    }

    // The device's recording of `issue`, or `issue` itself where the device refuses to record it.
    private (Action Run, bool Recorded) Recording(Action issue)
    {
        try { return (_device.Record(issue), true); }
        catch (CudaException) { return (issue, false); }
    }

    // One minibatch step, issued for recording: gather, forward, loss, backward, advance (the step's optimizer
    // coefficients, its count, the cursor), update. The GEMMs write only what the step overwrites before reading, so
    // issuing them alone (launch a no-op) changes nothing.
    private void IssueStep(KernelLaunch launch)
    {
        int m = Members, b = Plan.Batch, d = Plan.Sizes[0], k = Plan.Sizes[^1], last = Layers - 1;
        launch("wide_gather", (long)m * b * d, m, b, d, Plan.TrainCount, _train.X, _order, _work, W, _at.Xin, _cursor,
            _floats, _ints, _steps);
        Forward(b, _work.At(_at.Xin), W, train: true, launch);
        launch("wide_loss", (long)m * b, m, b, Plan.Rows, k, _work, W, _at.Z[last], _at.A[last], _at.Dz[last], _train.T,
            _train.Y, _order, Plan.TrainCount, b, _cursor, 0, 1, _shapeInts);
        launch("wide_reduce", m, m, b, Plan.Rows, _work, W, _outs, _live1, 1, _cursor, b, Plan.TrainCount);
        for (int l = last; l >= 0; l--)
        {
            int i = Plan.Sizes[l], o = Plan.Sizes[l + 1];
            long input = l == 0 ? _at.Xin : _at.Drop[l - 1];
            // gW (o x i, row-major) = dz^T in: column-major gW^T (i x o) = in^T (i x b) dz (b x o)
            _device.Gemm(new StridedGemm(BlasOperation.NonTranspose, BlasOperation.Transpose, i, o, b,
                _work.At(input), i, W, _work.At(_at.Dz[l]), o, W, _grad.At(_at.Weights[l]), i, P, m));
            // gb (o) = dz^T 1: column-major dz^T (o x b) times a column of b ones, shared by every member
            _device.Gemm(new StridedGemm(BlasOperation.NonTranspose, BlasOperation.NonTranspose, o, 1, b,
                _work.At(_at.Dz[l]), o, W, _ones.At(0), b, 0, _grad.At(_at.Biases[l]), o, P, m));
            if (l == 0) continue;
            // dPrev (b x i) = dz W: column-major dPrev^T (i x b) = W^T (i x o) dz^T (o x b)
            _device.Gemm(new StridedGemm(BlasOperation.NonTranspose, BlasOperation.NonTranspose, i, b, o,
                _params.At(_at.Weights[l]), i, P, _work.At(_at.Dz[l]), o, W, _work.At(_at.Dz[l - 1]), i, W, m));
            launch("wide_act_back", (long)m * b * i, m, b, i, _work, W, _at.Z[l - 1], _at.A[l - 1], _at.Dz[l - 1],
                _at.Mask[l - 1], (int)Architecture.Hidden, Architecture.Loss.LeakySlope, _floats);
        }
        launch("wide_advance", m, m, _doubles, _floats, _ints, _cursor, _steps, _opts, _outs, _live1);
        launch("wide_update", m * P, m, P, _params, _grad, _s1, _s2, _opts, _outs, _live1, _ranges, Layers);
    }

    // Every layer for `rows` rows from `input` (member stride `stride`; 0 shares one batch): z = in W^T, then bias and
    // activation; in training each layer reads the one below's drop array, else its a array.
    private void Forward(int rows, ulong input, long stride, bool train, KernelLaunch launch)
    {
        int m = Members;
        for (int l = 0; l < Layers; l++)
        {
            int i = Plan.Sizes[l], o = Plan.Sizes[l + 1];
            // z (rows x o) = in W^T: column-major z^T (o x rows) = W (o x i) in^T (i x rows)
            _device.Gemm(new StridedGemm(BlasOperation.Transpose, BlasOperation.NonTranspose, o, rows, i,
                _params.At(_at.Weights[l]), i, P, input, i, stride, _work.At(_at.Z[l]), o, W, m));
            launch("wide_bias_act", (long)m * rows * o, m, rows, o, P, _at.Biases[l], _params, _work, W, _at.Z[l], _at.A[l],
                _at.Mask[l], _at.Drop[l], l, l == Layers - 1 ? 1 : 0, (int)Architecture.Hidden, Architecture.Loss.LeakySlope,
                train ? 1 : 0, _floats, _ints, _steps);
            (input, stride) = (_work.At(train ? _at.Drop[l] : _at.A[l]), W);
        }
    }

    // The regularizer's penalty of each member's current weights.
    private void IssuePenalty()
    {
        _device.Launch("wide_penalty_parts", (long)Members * _penaltyParts, Members, P, PenaltyChunk, _penaltyParts, _params,
            _floats, _ints, _ranges, Layers, _partial);
        _device.Launch("wide_penalty", Members, Members, _penaltyParts, _partial, _outs, _live1);
    }

    // The validation split in chunks of the workspace's rows, every member reading the same chunk: the same launches
    // every epoch, so recorded once.
    private void IssueValidation()
    {
        int m = Members, d = Plan.Sizes[0], k = Plan.Sizes[^1], last = Layers - 1;
        for (int start = 0; start < _validation.Count; start += Plan.Rows)
        {
            int rows = Math.Min(Plan.Rows, _validation.Count - start);
            Forward(rows, _validation.X + (ulong)((long)start * d * sizeof(float)), 0, train: false, _device.Launch);
            _device.Launch("wide_loss", (long)m * rows, m, rows, Plan.Rows, k, _work, W, _at.Z[last], _at.A[last], _at.Dz[last],
                _validation.T, _validation.Y, _order, Plan.TrainCount, Plan.Batch, _cursor, start, 0, _shapeInts);
            _device.Launch("wide_reduce", m, m, rows, Plan.Rows, _work, W, _outs, _live1, 0, _cursor, Plan.Batch, Plan.TrainCount);
        }
    }

    private DeviceArray<T> Uploaded<T>(T[] values) where T : unmanaged
    {
        var array = _device.Allocate<T>(values.Length);
        _device.Upload(array, values);
        return array;
    }

    private int Check(int member) => (uint)member < (uint)Count ? member
        : throw new ArgumentOutOfRangeException(nameof(member), member, $"member must be in [0, {Count})");
}
