using System.CommandLine;
using Harness.Cuda.Diagnostics;

namespace Harness.Cli.Commands;

/// <summary>`doctor`: what CUDA this machine offers (NVRTC, device, versions) and a short GPU self-test; informational.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var cache = new Option<DirectoryInfo?>("--kernel-cache")
        {
            Description = "Folder of compiled kernels (default: harness/kernels under the per-user local application data folder)",
        };
        var command = new Command("doctor",
            "Show the GPU, compute capability, memory, driver/NVRTC/cuBLAS versions and run a one-second self-test "
            + "(a kernel and a cuBLAS GEMM checked against the CPU), or say why there is no usable CUDA. Informational: "
            + "exits 0 when CUDA or the GPU is missing; 1 only when something present is broken (a kernel that does not "
            + "compile, a self-test that disagrees with the CPU)");
        command.Options.Add(cache);
        command.SetAction(p => Doctor.Run(Console.Out, p.GetValue(cache)?.FullName));
        return command;
    }
}
