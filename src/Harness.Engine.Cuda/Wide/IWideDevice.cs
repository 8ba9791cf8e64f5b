namespace Harness.Engine.Cuda;

/// <summary>
/// What <see cref="WideCohort"/> does on a device: memory, the wide path's kernels (wide.cuh, one thread per element),
/// strided-batched GEMMs and recorded steps. <see cref="CudaWideDevice"/> is the GPU (a stream of its own, cuBLAS, CUDA
/// graphs); the tests run the same cohort on a CPU emulation of it, so the host logic is checked without a GPU.
/// Work is issued in order; copies back to the host wait for it.
/// </summary>
internal interface IWideDevice : IDisposable
{
    /// <summary>Free device memory in bytes.</summary>
    long FreeBytes { get; }

    /// <summary><paramref name="count"/> zeroed values, freed with the device.</summary>
    DeviceArray<T> Allocate<T>(long count) where T : unmanaged;

    void Upload<T>(DeviceArray<T> to, ReadOnlySpan<T> values, long at = 0) where T : unmanaged;

    /// <summary>Copies <paramref name="values"/>.Length values from element <paramref name="at"/> once the work issued before is done.</summary>
    void Download<T>(DeviceArray<T> from, Span<T> values, long at = 0) where T : unmanaged;

    void Copy<T>(DeviceArray<T> from, long fromAt, DeviceArray<T> to, long toAt, long count) where T : unmanaged;

    /// <summary>Runs kernel <paramref name="kernel"/> on <paramref name="threads"/> threads (rounded up to whole blocks).</summary>
    void Launch(string kernel, long threads, params object[] args);

    void Gemm(in StridedGemm call);

    /// <summary>
    /// Records the work <paramref name="issue"/> issues and returns what replays it (a CUDA graph on the GPU); the
    /// recorded arguments are fixed, so the work reads anything that changes from device memory.
    /// </summary>
    Action Record(Action issue);

    /// <summary>Waits for the work issued so far.</summary>
    void Synchronize();
}
