using Harness.Cuda.Interop;

namespace Harness.Cuda;

/// <summary>
/// A CUDA stream handle for launches and copies. <see cref="Legacy"/> (0) is the default stream, which waits for all
/// other work in the context; <see cref="PerThread"/> (CU_STREAM_PER_THREAD) is each host thread's own default stream,
/// so work issued from different threads (cohorts trained at once) overlaps on the device.
/// </summary>
public readonly record struct CudaStream(nint Handle)
{
    /// <summary>The legacy default stream (handle 0).</summary>
    public static CudaStream Legacy => new(0);

    /// <summary>The calling thread's per-thread default stream (CU_STREAM_PER_THREAD, handle 2).</summary>
    public static CudaStream PerThread => new(CudaConstants.Stream.PerThread);

    /// <summary>
    /// A new stream of its own (CU_STREAM_NON_BLOCKING: it does not wait for the legacy default stream), e.g. to
    /// capture a CUDA graph from, which the default streams cannot be. Free it with <see cref="Destroy"/>.
    /// </summary>
    public static CudaStream Create(CudaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.MakeCurrent();
        unsafe
        {
            nint handle;
            CudaCheck.Driver(context.Api.cuStreamCreate(&handle, CudaConstants.Stream.NonBlocking), "cuStreamCreate");
            return new CudaStream(handle);
        }
    }

    /// <summary>Frees a stream made by <see cref="Create"/> (after the work issued to it completes).</summary>
    public void Destroy(CudaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Handle is 0 or CudaConstants.Stream.Legacy or CudaConstants.Stream.PerThread) throw new InvalidOperationException("the default streams are not destroyed");
        var handle = Handle;
        CudaCheck.Freeing(context, () =>
        {
            unsafe
            {
                CudaCheck.Driver(context.Api.cuStreamDestroy_v2(handle), "cuStreamDestroy_v2");
            }
        });
    }

    /// <summary>Waits until everything issued to this stream (from the calling thread, for <see cref="PerThread"/>) is done.</summary>
    public void Synchronize(CudaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.MakeCurrent();
        unsafe
        {
            CudaCheck.Driver(context.Api.cuStreamSynchronize(Handle), "cuStreamSynchronize");
        }
    }
}
