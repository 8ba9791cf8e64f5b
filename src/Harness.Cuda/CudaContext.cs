using System.Runtime.InteropServices;
using Harness.Cuda.Interop;

namespace Harness.Cuda;

/// <summary>
/// One device's primary context (the one the CUDA runtime and cuBLAS use too), made current on the threads that call
/// into it. Create it with <see cref="Create"/> or <see cref="TryCreate"/>; dispose it to release the context.
/// </summary>
public sealed unsafe class CudaContext : IDisposable
{
    private readonly DriverApi _api;
    private readonly nint _context;
    private bool _disposed;

    private CudaContext(DriverApi api, nint context, CudaDeviceInfo device)
    {
        _api = api;
        _context = context;
        Device = device;
    }

    /// <summary>The device this context runs on.</summary>
    public CudaDeviceInfo Device { get; }

    /// <summary>
    /// Loads the driver, initialises it and retains device <paramref name="ordinal"/>'s primary context. A missing driver,
    /// a driver that will not initialise or no such device throws <see cref="CudaUnavailableException"/>.
    /// </summary>
    public static CudaContext Create(int ordinal = 0)
    {
        var api = DriverApi.Instance;
        int device = Find(api, ordinal);
        var info = ReadInfo(api, device, ordinal);
        nint context;
        CudaCheck.Driver(api.cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        CudaCheck.Driver(api.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        return new CudaContext(api, context, info);
    }

    /// <summary>
    /// Why <see cref="Create"/> would find no device ("no usable CUDA: ..."; no driver, a driver that will not
    /// initialise, no such device), or null when device <paramref name="ordinal"/> exists. Makes no context: a context
    /// costs a GPU a fraction of a second to make, and the driver destroys the primary context again when its last
    /// holder releases it.
    /// </summary>
    public static string? Probe(int ordinal = 0)
    {
        try
        {
            Find(DriverApi.Instance, ordinal);
            return null;
        }
        catch (CudaUnavailableException ex) { return ex.Message; }
    }

    /// <summary>Like <see cref="Create"/>, but returns false with the reason ("no usable CUDA: ...") instead of throwing.</summary>
    public static bool TryCreate(out CudaContext? context, out string why, int ordinal = 0)
    {
        try
        {
            context = Create(ordinal);
            why = "";
            return true;
        }
        catch (CudaUnavailableException ex)
        {
            context = null;
            why = ex.Message;
            return false;
        }
    }

    /// <summary>Makes this context current on the calling thread (every wrapper call does this first).</summary>
    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CudaCheck.Driver(_api.cuCtxSetCurrent(_context), "cuCtxSetCurrent");
    }

    /// <summary>Waits for all work on the device; a kernel fault from earlier surfaces here.</summary>
    public void Synchronize()
    {
        MakeCurrent();
        CudaCheck.Driver(_api.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /// <summary>
    /// True when the context has a sticky error (a kernel fault): it can run nothing more, in this process. Asks the
    /// driver (a synchronisation), so it is for failure paths.
    /// </summary>
    public bool Lost
    {
        get
        {
            if (_disposed) return false;
            int result = _api.cuCtxSetCurrent(_context);
            if (result == 0) result = _api.cuCtxSynchronize();
            return CudaException.IsContextLost(result);
        }
    }

    /// <summary>Free and total device memory in bytes, as cuMemGetInfo reports it now.</summary>
    public (long Free, long Total) MemoryInfo()
    {
        MakeCurrent();
        nuint free, total;
        CudaCheck.Driver(_api.cuMemGetInfo_v2(&free, &total), "cuMemGetInfo_v2");
        return ((long)free, (long)total);
    }

    /// <summary>Loads a PTX module (from NVRTC; the driver compiles it for the device); its kernels come from <see cref="CudaModule.GetKernel"/>.</summary>
    public CudaModule LoadModule(string ptx, string moduleName) => new(this, _api, System.Text.Encoding.UTF8.GetBytes(ptx + "\0"), moduleName);

    /// <summary>Loads a CUBIN (from NVRTC for this device's architecture, loaded as it is); its kernels come from <see cref="CudaModule.GetKernel"/>.</summary>
    public CudaModule LoadModule(byte[] cubin, string moduleName) => new(this, _api, cubin, moduleName);

    internal DriverApi Api => _api;

    /// <summary>Releases the primary context (the driver destroys it when the last holder releases it).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _api.cuDevicePrimaryCtxRelease_v2(Device.Ordinal);
    }

    // The driver initialised and device `ordinal`'s handle.
    private static int Find(DriverApi api, int ordinal)
    {
        Unavailable(api.cuInit(0), "cuInit");
        int count;
        Unavailable(api.cuDeviceGetCount(&count), "cuDeviceGetCount");
        if (ordinal < 0 || ordinal >= count)
            throw new CudaUnavailableException(count == 0 ? "the driver sees no CUDA device" : $"device {ordinal} does not exist ({count} found)");
        int device;
        CudaCheck.Driver(api.cuDeviceGet(&device, ordinal), "cuDeviceGet");
        return device;
    }

    private static CudaDeviceInfo ReadInfo(DriverApi api, int device, int ordinal)
    {
        var name = stackalloc byte[256];
        CudaCheck.Driver(api.cuDeviceGetName(name, 256, device), "cuDeviceGetName");
        int major, minor, sms, version, cooperative, pools, timeout;
        CudaCheck.Driver(api.cuDeviceGetAttribute(&major, CudaConstants.DeviceAttribute.ComputeCapabilityMajor, device), "cuDeviceGetAttribute");
        CudaCheck.Driver(api.cuDeviceGetAttribute(&minor, CudaConstants.DeviceAttribute.ComputeCapabilityMinor, device), "cuDeviceGetAttribute");
        CudaCheck.Driver(api.cuDeviceGetAttribute(&sms, CudaConstants.DeviceAttribute.MultiprocessorCount, device), "cuDeviceGetAttribute");
        CudaCheck.Driver(api.cuDeviceGetAttribute(&cooperative, CudaConstants.DeviceAttribute.CooperativeLaunch, device), "cuDeviceGetAttribute");
        CudaCheck.Driver(api.cuDeviceGetAttribute(&pools, CudaConstants.DeviceAttribute.MemoryPoolsSupported, device), "cuDeviceGetAttribute");
        CudaCheck.Driver(api.cuDeviceGetAttribute(&timeout, CudaConstants.DeviceAttribute.KernelExecTimeout, device), "cuDeviceGetAttribute");
        nuint bytes;
        CudaCheck.Driver(api.cuDeviceTotalMem_v2(&bytes, device), "cuDeviceTotalMem_v2");
        CudaCheck.Driver(api.cuDriverGetVersion(&version), "cuDriverGetVersion");
        return new CudaDeviceInfo(ordinal, Marshal.PtrToStringUTF8((nint)name) ?? "?", new ComputeCapability(major, minor),
            (long)bytes, sms, version, cooperative != 0, pools != 0, timeout != 0);
    }

    // cuInit and cuDeviceGetCount failing (no device, driver too old for the kernel module) mean "no GPU here", not a bug.
    private static void Unavailable(int result, string call)
    {
        if (result != 0) throw new CudaUnavailableException($"{call} failed: {DriverApi.ErrorName(result)} ({result})");
    }
}
