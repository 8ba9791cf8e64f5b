using Harness.Cuda.Interop;

namespace Harness.Cuda;

/// <summary>
/// An instantiated CUDA graph: the kernels and cuBLAS calls issued to a stream while it was captured, replayed with
/// one launch. Arguments are frozen at capture, so captured work reads anything that changes between replays from
/// device memory. Shaped like ManagedCuda's CudaGraphExec.
/// </summary>
public sealed unsafe class CudaGraph : IDisposable
{
    private readonly CudaContext _context;
    private nint _exec;

    private CudaGraph(CudaContext context, nint exec)
    {
        _context = context;
        _exec = exec;
    }

    /// <summary>
    /// Captures what <paramref name="issue"/> issues to <paramref name="stream"/> (a stream of its own, not a default
    /// stream) and instantiates it; nothing runs until <see cref="Launch"/>. When <paramref name="issue"/> throws, the
    /// capture is ended and discarded and the exception goes on.
    /// </summary>
    public static CudaGraph Capture(CudaContext context, CudaStream stream, Action issue)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(issue);
        var api = context.Api;
        context.MakeCurrent();
        CudaCheck.Driver(api.cuStreamBeginCapture_v2(stream.Handle, CudaConstants.StreamCaptureMode.ThreadLocal), "cuStreamBeginCapture_v2");
        nint graph = 0;
        try
        {
            issue();
        }
        catch
        {
            if (api.cuStreamEndCapture(stream.Handle, &graph) == 0 && graph != 0) api.cuGraphDestroy(graph);
            throw;
        }
        CudaCheck.Driver(api.cuStreamEndCapture(stream.Handle, &graph), "cuStreamEndCapture");
        try
        {
            nint exec;
            CudaCheck.Driver(api.cuGraphInstantiateWithFlags(&exec, graph, 0), "cuGraphInstantiateWithFlags");
            return new CudaGraph(context, exec);
        }
        finally
        {
            api.cuGraphDestroy(graph);
        }
    }

    /// <summary>Replays the graph on <paramref name="stream"/> (asynchronously).</summary>
    public void Launch(CudaStream stream)
    {
        ObjectDisposedException.ThrowIf(_exec == 0, this);
        _context.MakeCurrent();
        CudaCheck.Driver(_context.Api.cuGraphLaunch(_exec, stream.Handle), "cuGraphLaunch");
    }

    public void Dispose()
    {
        if (_exec == 0) return;
        var exec = _exec;
        _exec = 0;
        CudaCheck.Freeing(_context, () => CudaCheck.Driver(_context.Api.cuGraphExecDestroy(exec), "cuGraphExecDestroy"));
    }
}
