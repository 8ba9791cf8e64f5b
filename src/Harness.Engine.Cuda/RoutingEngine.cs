using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// The engine of <c>--engine auto</c> on a machine with a usable GPU: each cohort goes to the CUDA engine when it can
/// train every member (<see cref="CudaCapabilities.Refusal"/>), and to a CPU engine, created on first need, when it
/// refuses any member. <see cref="Name"/>, <see cref="Device"/>, <see cref="PreferredCohortSize"/> and
/// <see cref="PreferredParallel"/> are the CUDA engine's; <see cref="Route"/> says which engine trains given configs,
/// so callers can store it with each trial. A dataset is loaded into an engine only when a cohort goes there (<see cref="Load"/>).
/// </summary>
public sealed class RoutingEngine : IEngine
{
    private readonly IEngine _cuda;
    private readonly Lazy<IEngine> _cpu;
    private readonly Func<TrainConfig, string?> _refusal;

    /// <summary>
    /// Routes between <paramref name="cuda"/> (owned: disposed with this engine) and the engine
    /// <paramref name="createCpu"/> makes on first need (null: a <see cref="CpuEngine"/>). <paramref name="refusal"/>
    /// says why the CUDA engine cannot train a config, or null when it can (null: <see cref="CudaCapabilities.Refusal"/>).
    /// </summary>
    public RoutingEngine(IEngine cuda, Func<IEngine>? createCpu = null, Func<TrainConfig, string?>? refusal = null)
    {
        ArgumentNullException.ThrowIfNull(cuda);
        _cuda = cuda;
        _cpu = new(createCpu ?? (() => new CpuEngine()), LazyThreadSafetyMode.ExecutionAndPublication);
        _refusal = refusal ?? CudaCapabilities.Refusal;
    }

    public string Name => _cuda.Name;
    public string Device => _cuda.Device;
    public int PreferredCohortSize => _cuda.PreferredCohortSize;
    public int PreferredParallel => _cuda.PreferredParallel;

    /// <summary>
    /// The engine that trains <paramref name="members"/> together: the CUDA engine, with <c>Why</c> null, when it
    /// can train each of them; else the CPU engine, with <c>Why</c> the CUDA engine's refusal of the first member it
    /// cannot train (naming the JSON field).
    /// </summary>
    public (IEngine Engine, string? Why) Route(IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        foreach (var member in members)
            if (_refusal(member) is { } why)
                return (_cpu.Value, why);
        return (_cuda, null);
    }

    /// <summary>
    /// The line that tells the user <paramref name="trials"/> trial(s) go to <paramref name="engine"/> rather than
    /// the GPU, and why: <c>engine: auto -> cpu for 4 trials (hidden: ...)</c>.
    /// </summary>
    public static string RoutedLine(string engine, int trials, string why) =>
        $"engine: auto -> {engine} for {trials} trial{(trials == 1 ? "" : "s")} ({why})";

    /// <summary>The dataset, loaded into the CUDA or CPU engine when a cohort first goes there.</summary>
    public IEngineData Load(DataSplits data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new RoutedData(this, data);
    }

    /// <summary>
    /// A cohort on the engine <see cref="Route"/> picks for <paramref name="members"/>, on <paramref name="data"/>
    /// (from this engine's <see cref="Load"/>) as loaded there. The chosen engine checks the configs as always.
    /// </summary>
    public ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(members);
        if (data is not RoutedData routed || !routed.LoadedBy(this))
            throw new ArgumentException($"the dataset was loaded by another engine ({data.GetType().Name}), not this routing engine");
        var engine = Route(members).Engine;
        return engine.CreateCohort(routed.In(engine), members);
    }

    public void Dispose()
    {
        _cuda.Dispose();
        if (_cpu.IsValueCreated) _cpu.Value.Dispose();
    }
}
