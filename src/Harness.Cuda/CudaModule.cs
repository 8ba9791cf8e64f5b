using System.Text;
using Harness.Cuda.Interop;

namespace Harness.Cuda;

/// <summary>A loaded module, PTX or CUBIN (cuModuleLoadData); unloaded on dispose, after which its kernels are invalid.</summary>
public sealed unsafe class CudaModule : IDisposable
{
    private readonly CudaContext _context;
    private readonly DriverApi _api;
    private nint _module;

    /// <param name="image">A CUBIN, or PTX text ending in a NUL byte.</param>
    internal CudaModule(CudaContext context, DriverApi api, byte[] image, string name)
    {
        _context = context;
        _api = api;
        Name = name;
        context.MakeCurrent();
        nint module;
        fixed (byte* p = image) CudaCheck.Driver(api.cuModuleLoadData(&module, p), "cuModuleLoadData", name);
        _module = module;
    }

    /// <summary>The module's name for messages (the .cu file it came from).</summary>
    public string Name { get; }

    /// <summary>The kernel <paramref name="kernelName"/> (its extern "C" name) with a launch shape of one block of one thread.</summary>
    public CudaKernel GetKernel(string kernelName)
    {
        ObjectDisposedException.ThrowIf(_module == 0, this);
        _context.MakeCurrent();
        var bytes = Encoding.UTF8.GetBytes(kernelName + "\0");
        nint function;
        fixed (byte* p = bytes)
            CudaCheck.Driver(_api.cuModuleGetFunction(&function, _module, p), "cuModuleGetFunction", kernelName);
        return new CudaKernel(_context, _api, function, kernelName);
    }

    /// <summary>Unloads the module.</summary>
    public void Dispose()
    {
        if (_module == 0) return;
        var module = _module;
        _module = 0;
        CudaCheck.Freeing(_context, () => CudaCheck.Driver(_api.cuModuleUnload(module), "cuModuleUnload", Name));
    }
}
