using System.CommandLine;
using Harness.Cuda.Diagnostics;
using Harness.Engine.Cuda;

namespace Harness.Cli.Commands;

/// <summary>`doctor`: what CUDA this machine offers (NVRTC, device, versions) and a short GPU self-test; informational.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var cache = new Option<DirectoryInfo?>("--kernel-cache")
        {
            Description = "Folder of compiled kernels (default: HARNESS_KERNEL_CACHE, else harness/kernels under the per-user local application data folder)",
        }.WritesFolder();
        var command = new Command("doctor",
            "Show the GPU, compute capability, memory, driver/NVRTC/cuBLAS versions and run a one-second self-test "
            + "(a kernel and a cuBLAS GEMM checked against the CPU), or say why there is no usable CUDA. Informational: "
            + "exits 0 when CUDA or the GPU is missing; 1 only when something present is broken (a kernel that does not "
            + "compile, a self-test that disagrees with the CPU); 2 when one of the CUDA engine's settings ("
            + $"{string.Join(", ", EngineSettings.Names)}, listed last) is not allowed");
        command.Options.Add(cache);
        command.SetAction(p =>
        {
            var (lines, refusals) = EngineSettings.Describe(Environment.GetEnvironmentVariable);
            // the fused kernel as the engine will build it under these settings, so a run after this one compiles nothing
            var defines = new Dictionary<string, IReadOnlyList<string>>();
            if (refusals.Count == 0) defines[CudaEngine.Program] = CudaEngine.KernelDefines(Environment.GetEnvironmentVariable);
            int exit = Doctor.Run(Console.Out, p.GetValue(cache)?.FullName, defines);
            foreach (var (name, text) in lines) Doctor.Line(Console.Out, name, text);
            return refusals.Count == 0 ? exit : CliRunner.ExitBadInput;
        });
        return command;
    }
}
