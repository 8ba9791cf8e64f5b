using System.Text.RegularExpressions;
using Harness.Cuda.Tests.Support;

namespace Harness.Cuda.Tests.Emulation;

/// <summary>
/// The GPU tests (namespace Harness.Cuda.Tests.Device), each class in a child run of this test assembly whose CUDA
/// driver and cuBLAS are Emulation/driver_emulator.cpp: the engine's whole host side (P/Invoke, kernel arguments,
/// buffers, streams, graph capture, cuBLAS calls) runs as on a GPU, with cohort.cu and selftest.cu built for the CPU.
/// Every test must run and pass there, none skip. Skips where the emulator cannot be built or NVRTC is missing (the
/// child compiles the kernels with the real NVRTC, as the engine does).
/// </summary>
public sealed partial class EmulatedDriverTests
{
    /// <summary>
    /// The GPU test classes, each with the number of tests it holds, whether the emulated device allocates in stream
    /// order (memory pools: the GPU host's H100 and H200 do), and its multiprocessors (4 keeps launches small; 132 is
    /// the H100's and H200's count, so the group plans are the GPU host's).
    /// </summary>
    public static TheoryData<string, int, bool, int> Classes => new()
    {
        { "DeviceKernelTests", 11, true, 4 },
        { "BenchCaseTests", 13, true, 4 },
        { "DeviceBlasTests", 4, true, 4 },
        { "CohortParityTests", 13, true, 4 },
        { "CnnParityTests", 5, true, 4 },
        { "WideParityTests", 9, true, 4 },
        { "EpochLaunchTests", 1, true, 4 },
        { "ConcurrentCohortTests", 1, true, 4 },
        { "ConcurrentCohortTests", 1, false, 4 },
        { "GroupLaunchTests", 1, true, 4 },
        { "GroupLaunchTests", 1, false, 4 },
        { "GroupLaunchTests", 1, true, 132 },
    };

    [Theory]
    [MemberData(nameof(Classes))]
    public void The_GPU_tests_pass_on_the_emulated_driver(string testClass, int tests, bool memoryPools, int multiprocessors)
    {
        var (code, output) = Run($"Harness.Cuda.Tests.Device.{testClass}", memoryPools, multiprocessors);
        var summary = Summary().Match(output);
        Assert.True(code == 0 && summary.Success, $"exit {code}:\n{Tail(output)}");
        Assert.Equal((tests, 0, 0, 0), (int.Parse(summary.Groups["total"].Value), int.Parse(summary.Groups["failed"].Value),
            int.Parse(summary.Groups["errors"].Value), int.Parse(summary.Groups["skipped"].Value)));
    }

    [Fact]
    public void Every_GPU_test_class_is_run_on_the_emulated_driver()
    {
        var device = typeof(EmulatedDriverTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "Harness.Cuda.Tests.Device" && t.IsPublic && t.IsClass)
            .Select(t => t.Name).Order().ToArray();
        Assert.Equal(device, Classes.Select(row => row.Data.Item1).Distinct().Order().ToArray());
    }

    // The child run: this assembly's own runner on one class, with the emulator first on the loader's path.
    private static (int Code, string Output) Run(string testClass, bool memoryPools, int multiprocessors)
    {
        Needs.Nvrtc();
        var (folder, why) = EmulatedDriver.Folder;
        if (folder is null) Assert.Skip(why);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        return EmulatorBuild.Execute(dotnet, [typeof(EmulatedDriverTests).Assembly.Location, "-class", testClass, "-noColor"],
            TimeSpan.FromMinutes(10), EmulatedDriver.Environment(folder, memoryPools, multiprocessors));
    }

    private static string Tail(string output) => output.Length <= 6000 ? output : "..." + output[^6000..];

    [GeneratedRegex(@"Total: (?<total>\d+), Errors: (?<errors>\d+), Failed: (?<failed>\d+), Skipped: (?<skipped>\d+)")]
    private static partial Regex Summary();
}
