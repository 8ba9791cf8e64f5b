using Harness.Cuda;

namespace Harness.Engine.Cuda;

/// <summary>
/// A cohort's device buffers, laid out member after member as <see cref="CohortPlan"/> sizes them: parameters,
/// two optimizer states (zeroed; gradients are never stored: each is handed to the optimizer as it is summed), workspace, data order, shuffle state, step counts, settings, outputs,
/// the shape, the active-member list and the group barriers. Best weights are allocated on the first <see cref="Best"/>.
/// </summary>
internal sealed class CohortBuffers : IDisposable
{
    private readonly CudaContext _context;
    private readonly List<IDisposable> _owned = [];
    private CudaDeviceVariable<float>? _best;

    public CohortBuffers(CudaContext context, CohortPlan plan, int[] shape, MemberSettings settings, ulong[] shuffleStates)
    {
        _context = context;
        Plan = plan;
        try
        {
            long m = plan.Members, p = plan.Parameters;
            Parameters = Own(new CudaDeviceVariable<float>(context, m * p)); // filled by the cohort, member by member
            State1 = Zeroed(new CudaDeviceVariable<float>(context, m * p));
            State2 = Zeroed(new CudaDeviceVariable<float>(context, m * p));
            Workspace = Own(new CudaDeviceVariable<float>(context, m * plan.WorkspaceFloats));
            Order = Own(new CudaDeviceVariable<int>(context, m * plan.TrainCount));
            var identity = IdentityOrder(plan.TrainCount);
            for (int member = 0; member < plan.Members; member++) Order.CopyToDevice(identity, (long)member * plan.TrainCount);
            Shuffle = Own(new CudaDeviceVariable<ulong>(context, shuffleStates));
            Steps = Zeroed(new CudaDeviceVariable<long>(context, m));
            Doubles = Own(new CudaDeviceVariable<double>(context, settings.Doubles));
            Floats = Own(new CudaDeviceVariable<float>(context, settings.Floats));
            Ints = Own(new CudaDeviceVariable<int>(context, settings.Ints));
            Out = Zeroed(new CudaDeviceVariable<double>(context, m * CohortSlots.Out));
            Shape = Own(new CudaDeviceVariable<int>(context, shape));
            Active = Own(new CudaDeviceVariable<int>(context, m));
            Barriers = Zeroed(new CudaDeviceVariable<uint>(context, 2 * m));
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
    public CudaDeviceVariable<float> Best => _best ??= Own(new CudaDeviceVariable<float>(_context, Plan.Members * Plan.Parameters));

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

    private CudaDeviceVariable<T> Zeroed<T>(CudaDeviceVariable<T> buffer) where T : unmanaged
    {
        Own(buffer);
        buffer.Memset(0);
        return buffer;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
