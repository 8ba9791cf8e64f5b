using System.Diagnostics;
using Harness.Cuda;
using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// A cohort on the GPU: every member's weights, optimizer state, data order and workspace stay on the device, and one
/// launch of cohort_epoch (one block per active member, or a group of blocks per member when few large members would
/// leave the device idle: <see cref="GroupPlan"/>, planned with the cohort's share of the device's
/// <see cref="ResidentBlocks"/>) trains an epoch and evaluates it. Only the per-member
/// outputs (8 doubles each) cross back per epoch. Members start from the very weights and data order their CPU solo
/// runs start from (init on the host with the CPU's initializer and RNG stream; the CPU's xoshiro shuffle on the
/// device); dropout masks come from Philox on the device, so with dropout the runs agree only in distribution.
/// </summary>
internal sealed class CudaCohort : ICohort
{
    /// <summary>Each host thread's own stream: cohorts trained at once (sweep --parallel) overlap on the device.</summary>
    private static readonly CudaStream Stream = CudaStream.PerThread;

    private readonly CudaContext _context;
    private readonly CudaKernel _kernel;
    private readonly TrainConfig[] _configs;
    private readonly DevicePrepared _data;
    private readonly CohortBuffers _buffers;
    private readonly MemberSettings _settings;
    private readonly bool[] _active;
    private readonly double[] _out;
    private readonly EpochOutputs _outputs;
    private readonly ImageShape? _shape;
    private readonly ResidentBlocks _device;
    private readonly IDisposable _membership;
    private readonly int _groupCap;
    private readonly EpochLaunches _launches;
    private int _epoch;

    public CudaCohort(CudaContext context, CudaKernel kernel, int threads, ResidentBlocks device, CudaData data, IReadOnlyList<TrainConfig> members)
    {
        TrainingChecks.Check(data.Splits, members);
        CudaCapabilities.Check(members);
        var train = data.Splits.Train;
        Architecture = Architecture.Of(members[0], train.FeatureCount, train.OutputCount, train.Shape);
        _shape = train.Shape;
        Labelled = train.Labels is not null;
        _context = context;
        _kernel = kernel;
        _configs = [.. members];
        _data = data.Prepared(members[0].Standardize);
        Plan = CohortPlan.For(Architecture, members, train, data.Splits.Validation.Count);
        if (Plan.Stages.Count > CohortPlan.MaxStages) // CudaEngine.Path sends these to the wide path
            throw new ArgumentException($"the fused kernel holds at most {CohortPlan.MaxStages} stages, not {Plan.Stages.Count}");
        Plan.CheckFits(context.MemoryInfo().Free);
        _settings = new MemberSettings(members);
        var shape = CohortShape.Of(Architecture, _data.Train.HasLabels, _data.Validation.HasLabels, CohortPlan.AugmentedImage(train));
        var shuffles = members.SelectMany(ShuffleState.Of).ToArray();
        _groupCap = context.Device.CooperativeLaunch ? GroupPlan.Cap(Environment.GetEnvironmentVariable(GroupPlan.CapVariable)) : 1;
        _launches = EpochLaunches.For(context.Device.RunTimeLimit, Environment.GetEnvironmentVariable(EpochLaunches.Variable));
        _kernel.BlockDimensions = threads; // the kernel's COHORT_THREADS (BlockThreads)
        _kernel.DynamicSharedMemory = 0;
        _device = device;
        _buffers = new CohortBuffers(context, Stream, Plan, shape, _settings, shuffles); // last: nothing after it throws but the init
        try { InitializeParameters(); }
        catch
        {
            _buffers.Dispose();
            throw;
        }
        _active = Enumerable.Repeat(true, members.Count).ToArray();
        _membership = device.Join(); // last: counted in every cohort's share until disposed
        _outputs = new EpochOutputs(members.Count, Plan.TrainCount, _data.Validation.Count, Labelled, _data.Validation.HasLabels);
        _out = new double[members.Count * CohortSlots.Out];
    }

    public Architecture Architecture { get; }
    public int Count => _configs.Length;
    public bool Labelled { get; }
    public CohortPlan Plan { get; }
    /// <summary>Blocks per member of the last launch (<see cref="GroupPlan"/>).</summary>
    internal int Group { get; private set; }
    /// <summary>Launches of cohort_epoch so far (one an epoch, unless <see cref="EpochLaunches"/> cuts them).</summary>
    internal int Launches { get; private set; }

    public bool IsActive(int member) => _active[Check(member)];

    public IReadOnlyList<MemberEpoch?> RunEpoch(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        _epoch++;
        var active = Enumerable.Range(0, Count).Where(m => _active[m]).ToArray();
        var results = new MemberEpoch?[Count];
        if (active.Length == 0) return results;
        foreach (var m in active) _settings.SetLearningRate(m, LearningRateSchedule.Rate(_configs[m], _epoch - 1));
        if (_launches.Cut) LaunchInParts(active);
        else Launch(active, new Part(0, -1, 0, -1));
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (var m in active) results[m] = Result(m, seconds);
        return results;
    }

    /// <summary>
    /// Parity tests: <paramref name="steps"/> minibatch steps of every active member at epoch 1's learning rate, no
    /// validation; returns each member's summed batch loss (NaN where a batch loss was not finite).
    /// </summary>
    internal double[] RunSteps(int steps)
    {
        var active = Enumerable.Range(0, Count).Where(m => _active[m]).ToArray();
        foreach (var m in active) _settings.SetLearningRate(m, LearningRateSchedule.Rate(_configs[m], 0));
        Launch(active, new Part(0, steps, 0, 0));
        return [.. Enumerable.Range(0, Count).Select(m => Stopped(m) ? double.NaN : _out[m * CohortSlots.Out + CohortSlots.LossSum])];
    }

    /// <summary>Parity tests: the member's workspace as the last launch left it (offsets as net_read in cohort.cu).</summary>
    internal float[] Workspace(int member)
    {
        var w = new float[Plan.WorkspaceFloats];
        _buffers.Workspace.CopyToHost(w, Check(member) * Plan.WorkspaceFloats, Stream);
        return w;
    }

    public void Stop(int member) => _active[Check(member)] = false;

    public void KeepBest(int member)
    {
        long p = Plan.Parameters, at = Check(member) * p;
        _buffers.Parameters.CopyTo(_buffers.Best, at, at, p, Stream);
        Stream.Synchronize(_context); // done before Export, whichever thread calls it
    }

    public Model Export(int member, bool best)
    {
        long p = Plan.Parameters;
        var weights = new float[p];
        (best ? _buffers.Best : _buffers.Parameters).CopyToHost(weights, Check(member) * p, Stream);
        var config = _configs[member];
        int[] sizes = config.Layers is null ? Architecture.Layout.Sizes : [Architecture.Inputs, Architecture.Outputs]; // as CpuMember.Export
        return new Model(config, sizes, _data.Standardization, weights, _shape);
    }

    public void Dispose()
    {
        _membership.Dispose();
        _buffers.Dispose();
    }

    /// <summary>
    /// One epoch in launches of <see cref="EpochLaunches"/>' sizes: the training steps, then the validation rows; a
    /// member whose batch loss was not finite takes no further launch (its outputs keep its status).
    /// </summary>
    private void LaunchInParts(int[] active)
    {
        int steps = Plan.StepsPerEpoch, validation = _data.Validation.Count;
        for (int done = 0; done < steps && active.Length > 0; active = Running(active))
        {
            int k = _launches.NextSteps(steps - done);
            _launches.TookSteps(k, Launch(active, new Part(done, k, 0, 0)));
            done += k;
        }
        for (int done = 0; done < validation && active.Length > 0;)
        {
            int k = _launches.NextRows(validation - done, Plan.Rows, Plan.Batch);
            _launches.TookRows(k, Launch(active, new Part(steps, 0, done, k)));
            done += k;
        }
    }

    private int[] Running(int[] members) => [.. members.Where(m => !Stopped(m))];

    // True when member m's batch loss stopped being finite in the last launch (its status slot)
    private bool Stopped(int m) => _out[m * CohortSlots.Out + CohortSlots.Status] != 0;

    /// <summary>
    /// What one launch does: training steps from <paramref name="FirstStep"/> of the epoch (<paramref name="Steps"/>
    /// -1: to its end), then validation rows from <paramref name="FirstRow"/> (<paramref name="Rows"/> 0: none, -1: to
    /// the end), as cohort_epoch's arguments of the same names.
    /// </summary>
    private readonly record struct Part(int FirstStep, int Steps, int FirstRow, int Rows);

    /// <summary>Launches <paramref name="part"/> for <paramref name="active"/> and waits; returns the seconds it ran.</summary>
    private double Launch(int[] active, Part part)
    {
        var b = _buffers;
        b.Doubles.CopyToDevice(_settings.Doubles, 0, Stream);
        b.Active.CopyToDevice(active, 0, Stream);
        int group = Group = GroupPlan.BlocksPerMember(Plan, active.Length, _device.Share, _groupCap);
        _kernel.GridDimensions = active.Length * group;
        _kernel.Cooperative = group > 1; // the group's blocks wait for each other: all must be resident
        _kernel.Stream = Stream;
        if (group == 1) return RunAndWait(group, part);
        // A grouped launch holds its blocks of the device while it runs: cohorts trained at once (sweep --parallel)
        // run their grouped launches side by side while they fit together, and take turns when they do not.
        using (_device.Reserve(active.Length * group)) return RunAndWait(group, part);
    }

    private double RunAndWait(int group, Part part)
    {
        var (b, train, val) = (_buffers, _data.Train, _data.Validation);
        var clock = Stopwatch.StartNew();
        Launches++;
        _kernel.Run(b.Shape, Plan.Rows, Plan.Batch, Plan.Parameters, Plan.WorkspaceFloats,
            train.X, train.T, train.Y, train.Count,
            val.X, val.T, val.Y, val.Count,
            b.Parameters, b.State1, b.State2, b.Workspace, b.Order,
            b.Shuffle, b.Steps,
            b.Doubles, b.Floats, b.Ints, b.Out,
            b.Active, part.FirstStep, part.Steps, part.FirstRow, part.Rows, group, b.Barriers);
        b.Out.CopyToHost(_out, 0, Stream); // waits for the launch; a kernel fault surfaces here
        return clock.Elapsed.TotalSeconds;
    }

    private MemberEpoch Result(int m, double seconds) => _outputs.Read(m, _epoch, _out.AsSpan(m * CohortSlots.Out, CohortSlots.Out),
        _settings.Doubles[m * CohortSlots.Doubles + CohortSlots.LearningRate], seconds);

    private void InitializeParameters()
    {
        for (int m = 0; m < Count; m++)
            _buffers.Parameters.CopyToDevice(EpochOutputs.InitialWeights(_configs[m], Architecture.Layout), (long)m * Plan.Parameters, Stream);
    }

    private int Check(int member) => (uint)member < (uint)Count ? member
        : throw new ArgumentOutOfRangeException(nameof(member), member, $"member must be in [0, {Count})");
}
