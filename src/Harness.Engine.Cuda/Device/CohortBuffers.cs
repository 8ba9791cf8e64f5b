using Harness.Cuda;

namespace Harness.Engine.Cuda;

/// <summary>
/// A cohort's device buffers, laid out member after member as <see cref="CohortPlan"/> sizes them: parameters,
/// two optimizer states (zeroed; gradients are never stored: each is handed to the optimizer as it is summed), workspace, data order, shuffle state, step counts, settings, outputs,
/// the shape, the active-member list and the group barriers. Best weights are allocated on the first <see cref="Best"/>.
/// Allocated, filled and freed in the order of the cohort's stream (stream-ordered memory where the device has it), so
/// a cohort set up or freed while others train waits for none of their work (cuMemFree and the legacy stream's copies
/// wait for every stream in flight).
/// </summary>
internal sealed class CohortBuffers : IDisposable
{
    private readonly CudaContext _context;
    private readonly CudaStream _stream;
    private readonly List<IDisposable> _owned = [];
    private CudaDeviceVariable<float>? _best;

    /// <summary>The buffers, ready (the stream waited for) when this returns.</summary>
    public CohortBuffers(CudaContext context, CudaStream stream, CohortPlan plan, int[] shape, MemberSettings settings, ulong[] shuffleStates)
    {
        _context = context;
        _stream = stream;
        Plan = plan;
        try
        {
            long m = plan.Members, p = plan.Parameters;
            Parameters = Own(Allocate<float>(m * p)); // filled by the cohort, member by member
            State1 = Zeroed(Allocate<float>(m * p));
            State2 = Zeroed(Allocate<float>(m * p));
            Workspace = Own(Allocate<float>(m * plan.WorkspaceFloats));
            Order = Own(Allocate<int>(m * plan.TrainCount));
            var identity = IdentityOrder(plan.TrainCount);
            for (int member = 0; member < plan.Members; member++) Order.CopyToDevice(identity, (long)member * plan.TrainCount, stream);
            Shuffle = Own(new CudaDeviceVariable<ulong>(context, shuffleStates, stream));
            Steps = Zeroed(Allocate<long>(m));
            Doubles = Own(new CudaDeviceVariable<double>(context, settings.Doubles, stream));
            Floats = Own(new CudaDeviceVariable<float>(context, settings.Floats, stream));
            Ints = Own(new CudaDeviceVariable<int>(context, settings.Ints, stream));
            Out = Zeroed(Allocate<double>(m * CohortSlots.Out));
            Shape = Own(new CudaDeviceVariable<int>(context, shape, stream));
            Active = Own(Allocate<int>(m));
            Barriers = Zeroed(Allocate<uint>(2 * m));
            stream.Synchronize(context); // the zeroing done, whichever thread's stream trains the cohort
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public CohortPlan Plan { get; }
    public CudaDeviceVariable<float> Parameters { get; } = null!;
    public CudaDeviceVariable<float> State1 { get; } = null!;
    public CudaDeviceVariable<float> State2 { get; } = null!;
    public CudaDeviceVariable<float> Workspace { get; } = null!;
    public CudaDeviceVariable<int> Order { get; } = null!;
    public CudaDeviceVariable<ulong> Shuffle { get; } = null!;
    public CudaDeviceVariable<long> Steps { get; } = null!;
    public CudaDeviceVariable<double> Doubles { get; } = null!;
    public CudaDeviceVariable<float> Floats { get; } = null!;
    public CudaDeviceVariable<int> Ints { get; } = null!;
    public CudaDeviceVariable<double> Out { get; } = null!;
    public CudaDeviceVariable<int> Shape { get; } = null!;
    public CudaDeviceVariable<int> Active { get; } = null!;
    /// <summary>Each member's group barrier (arrival count, generation), zeroed; the kernel leaves them zeroed.</summary>
    public CudaDeviceVariable<uint> Barriers { get; } = null!;

    /// <summary>Every member's best weights (allocated on first use).</summary>
    public CudaDeviceVariable<float> Best => _best ??= Own(Allocate<float>(Plan.Members * Plan.Parameters));

    /// <summary>0, 1, ..., n-1: the order a CPU member starts from before its first shuffle.</summary>
    internal static int[] IdentityOrder(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    private T Own<T>(T buffer) where T : IDisposable
    {
        _owned.Add(buffer);
        return buffer;
    }

    private CudaDeviceVariable<T> Allocate<T>(long count) where T : unmanaged => new(_context, count, _stream);

    private CudaDeviceVariable<T> Zeroed<T>(CudaDeviceVariable<T> buffer) where T : unmanaged
    {
        Own(buffer);
        buffer.Memset(0, _stream);
        return buffer;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
