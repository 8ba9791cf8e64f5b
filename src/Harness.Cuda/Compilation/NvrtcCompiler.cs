using System.Text;
using Harness.Cuda.Interop;

namespace Harness.Cuda.Compilation;

/// <summary>CUDA C to PTX through NVRTC. Needs only the NVRTC library, no driver and no GPU.</summary>
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
    /// Compiles <paramref name="program"/> with <paramref name="options"/> and returns the PTX. A compile error throws
    /// <see cref="CudaException"/> (NVRTC_ERROR_COMPILATION) naming the file, with NVRTC's log in the message.
    /// </summary>
    public static string Compile(KernelProgram program, IReadOnlyList<string> options)
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
            nuint size;
            CudaCheck.Nvrtc(api.nvrtcGetPTXSize(prog, &size), "nvrtcGetPTXSize", program.Name);
            var ptx = new byte[size];
            fixed (byte* p = ptx) CudaCheck.Nvrtc(api.nvrtcGetPTX(prog, p), "nvrtcGetPTX", program.Name);
            return Encoding.UTF8.GetString(ptx, 0, Math.Max(0, ptx.Length - 1));
        }
        finally
        {
            api.nvrtcDestroyProgram(&prog);
        }
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
