using System.Runtime.InteropServices;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Support;

/// <summary>
/// <see cref="IWideDevice"/> on the CPU: memory is native host memory, kernels and GEMMs run in
/// Emulation/wide_emulator.cpp (built once per test run with g++, loaded as a shared library), a recorded step is
/// simply issued again. Every array has a guard zone after its end, filled with a pattern and checked when the device
/// is disposed: a kernel or GEMM that writes past an array is listed in <see cref="Violations"/>. Skips the calling
/// test with the reason where the emulator cannot be built.
/// </summary>
internal sealed unsafe class EmulatedWideDevice : IWideDevice
{
    private static readonly Lazy<(nint Library, string Why)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly delegate* unmanaged<byte*, int, void**, int> _launch;
    private readonly delegate* unmanaged<int, int, int, int, int, float*, int, long, float*, int, long, float*, int, long, int, void> _gemm;
    private const int GuardBytes = 4096;
    private const byte GuardPattern = 0xA5;

    private readonly List<(nint Start, long Bytes)> _owned = [];

    public EmulatedWideDevice()
    {
        var (library, why) = Loaded.Value;
        if (library == 0) Assert.Skip(why);
        _launch = (delegate* unmanaged<byte*, int, void**, int>)NativeLibrary.GetExport(library, "wide_launch");
        _gemm = (delegate* unmanaged<int, int, int, int, int, float*, int, long, float*, int, long, float*, int, long, int, void>)
            NativeLibrary.GetExport(library, "wide_gemm");
    }

    /// <summary>Kernel launches so far, by name (the tests check what a step issues).</summary>
    public List<string> Launches { get; } = [];

    /// <summary>Arrays whose guard zone was written, found at <see cref="Dispose"/>.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>Steps recorded so far.</summary>
    public int Recorded { get; private set; }

    public long FreeBytes => 1L << 34;

    public DeviceArray<T> Allocate<T>(long count) where T : unmanaged
    {
        long bytes = count * sizeof(T);
        var p = (byte*)NativeMemory.AllocZeroed((nuint)(bytes + GuardBytes));
        new Span<byte>(p + bytes, GuardBytes).Fill(GuardPattern);
        _owned.Add(((nint)p, bytes));
        return new DeviceArray<T>((ulong)p, count);
    }

    public void Upload<T>(DeviceArray<T> to, ReadOnlySpan<T> values, long at = 0) where T : unmanaged =>
        values.CopyTo(Span(to, at, values.Length));

    public void Download<T>(DeviceArray<T> from, Span<T> values, long at = 0) where T : unmanaged =>
        Span(from, at, values.Length).CopyTo(values);

    public void Copy<T>(DeviceArray<T> from, long fromAt, DeviceArray<T> to, long toAt, long count) where T : unmanaged =>
        Span(from, fromAt, count).CopyTo(Span(to, toAt, count));

    public void Launch(string kernel, long threads, params object[] args)
    {
        Launches.Add(kernel);
        if (threads <= 0) return;
        int blocks = checked((int)((threads + WideCohort.ThreadsPerBlock - 1) / WideCohort.ThreadsPerBlock));
        var name = Marshal.StringToHGlobalAnsi(kernel);
        try
        {
            int status = 0;
            KernelArguments.With(kernel, args, p => status = _launch((byte*)name, blocks, p));
            if (status != 0) throw new InvalidOperationException($"the wide emulator has no kernel '{kernel}'");
        }
        finally
        {
            Marshal.FreeHGlobal(name);
        }
    }

    public void Gemm(in StridedGemm g) =>
        _gemm((int)g.TransA, (int)g.TransB, g.M, g.N, g.K, (float*)g.A, g.Lda, g.StrideA, (float*)g.B, g.Ldb, g.StrideB,
            (float*)g.C, g.Ldc, g.StrideC, g.Batch);

    /// <summary>Makes <see cref="Record"/> fail as a device that cannot capture would.</summary>
    public bool RefuseRecording { get; init; }

    public Action Record(Action issue)
    {
        if (RefuseRecording) throw new CudaException("cuStreamEndCapture", null, "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED", 900);
        Recorded++;
        return issue;
    }

    public void Synchronize() { }

    public void Dispose()
    {
        foreach (var (start, bytes) in _owned)
        {
            var guard = new ReadOnlySpan<byte>((byte*)start + bytes, GuardBytes);
            if (guard.IndexOfAnyExcept(GuardPattern) is var at and >= 0)
                Violations.Add($"an array of {bytes:N0} bytes was written {at:N0} bytes past its end");
            NativeMemory.Free((void*)start);
        }
        _owned.Clear();
    }

    private static Span<T> Span<T>(DeviceArray<T> array, long at, long count) where T : unmanaged
    {
        if (at < 0 || count < 0 || at + count > array.Count)
            throw new ArgumentOutOfRangeException(nameof(at), $"[{at}, {at + count}) is outside the array's {array.Count} values");
        return new Span<T>((T*)array.At(at), checked((int)count));
    }

    private static (nint, string) Load()
    {
        var (file, why) = EmulatorBuild.Build("wide_emulator.cpp", shared: true);
        return file is null ? (0, why) : (NativeLibrary.Load(file), "");
    }
}
