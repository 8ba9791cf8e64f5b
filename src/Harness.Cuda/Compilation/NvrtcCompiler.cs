using System.Text;
using Harness.Cuda.Interop;

namespace Harness.Cuda.Compilation;

/// <summary>CUDA C to PTX or to a device's machine code (CUBIN) through NVRTC. Needs only the NVRTC library, no driver and no GPU.</summary>
public static unsafe class NvrtcCompiler
{
    /// <summary>NVRTC's version as "11.8"; throws <see cref="CudaUnavailableException"/> when NVRTC is missing.</summary>
    public static string Version
    {
        get
        {
            int major, minor;
            CudaCheck.Nvrtc(NvrtcApi.Instance.nvrtcVersion(&major, &minor), "nvrtcVersion");
            return $"{major}.{minor}";
        }
    }

    /// <summary>The NVRTC library file that loaded.</summary>
    public static string LibraryName => NvrtcApi.Instance.Library.LoadedName;

    /// <summary>True when NVRTC loads; otherwise false with the reason ("no usable CUDA: NVRTC was not found (tried ...)").</summary>
    public static bool IsAvailable(out string why)
    {
        try
        {
            _ = Version;
            why = "";
            return true;
        }
        catch (CudaUnavailableException ex)
        {
            why = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// Compiles <paramref name="program"/> with <paramref name="options"/> (a virtual architecture, compute_XY) and
    /// returns the PTX. A compile error throws <see cref="CudaException"/> (NVRTC_ERROR_COMPILATION) naming the file,
    /// with NVRTC's log in the message.
    /// </summary>
    public static string Compile(KernelProgram program, IReadOnlyList<string> options)
    {
        var ptx = Run(program, options, static (api, prog, name) => Output(api.nvrtcGetPTXSize, api.nvrtcGetPTX, prog, "nvrtcGetPTX", name));
        return Encoding.UTF8.GetString(ptx, 0, Math.Max(0, ptx.Length - 1));
    }

    /// <summary>
    /// Compiles <paramref name="program"/> with <paramref name="options"/> naming a real architecture (sm_XY) and
    /// returns the CUBIN: the device's machine code, which the driver loads without compiling. Errors as
    /// <see cref="Compile"/>; an architecture this NVRTC does not know is NVRTC_ERROR_INVALID_OPTION.
    /// </summary>
    public static byte[] CompileCubin(KernelProgram program, IReadOnlyList<string> options) =>
        Run(program, options, static (api, prog, name) => Output(api.nvrtcGetCUBINSize, api.nvrtcGetCUBIN, prog, "nvrtcGetCUBIN", name));

    // Creates the program, compiles it and reads what `read` reads from it; the program is destroyed in every case.
    private static byte[] Run(KernelProgram program, IReadOnlyList<string> options, Func<NvrtcApi, nint, string, byte[]> read)
    {
        var api = NvrtcApi.Instance;
        using var strings = new NativeStrings();
        var headers = program.Headers;
        var headerTexts = stackalloc byte*[Math.Max(1, headers.Count)];
        var headerNames = stackalloc byte*[Math.Max(1, headers.Count)];
        for (var i = 0; i < headers.Count; i++)
        {
            headerTexts[i] = strings.Add(headers[i].Text);
            headerNames[i] = strings.Add(headers[i].Name);
        }
        nint prog;
        CudaCheck.Nvrtc(api.nvrtcCreateProgram(&prog, strings.Add(program.Main.Text), strings.Add(program.Name), headers.Count,
            headerTexts, headerNames), "nvrtcCreateProgram", program.Name);
        try
        {
            var handle = prog;
            var opts = stackalloc byte*[Math.Max(1, options.Count)];
            for (var i = 0; i < options.Count; i++) opts[i] = strings.Add(options[i]);
            CudaCheck.Nvrtc(api.nvrtcCompileProgram(prog, options.Count, opts), "nvrtcCompileProgram", program.Name, () => Log(api, handle));
            return read(api, prog, program.Name);
        }
        finally
        {
            api.nvrtcDestroyProgram(&prog);
        }
    }

    private static byte[] Output(delegate* unmanaged<nint, nuint*, int> size, delegate* unmanaged<nint, byte*, int> get, nint prog, string call, string name)
    {
        nuint n;
        CudaCheck.Nvrtc(size(prog, &n), call + "Size", name);
        var bytes = new byte[n];
        fixed (byte* p = bytes) CudaCheck.Nvrtc(get(prog, p), call, name);
        return bytes;
    }

    private static string Log(NvrtcApi api, nint prog)
    {
        nuint size;
        if (api.nvrtcGetProgramLogSize(prog, &size) != 0 || size <= 1) return "";
        var log = new byte[size];
        fixed (byte* p = log)
            if (api.nvrtcGetProgramLog(prog, p) != 0) return "";
        return Encoding.UTF8.GetString(log, 0, log.Length - 1);
    }
}
