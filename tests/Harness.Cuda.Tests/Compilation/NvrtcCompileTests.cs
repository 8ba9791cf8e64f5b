using System.Text.RegularExpressions;
using Harness.Cuda.Compilation;
using Harness.Cuda.Tests.Support;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Compilation;

/// <summary>
/// Every embedded .cu compiles with NVRTC for compute_90 (the H100/H200) and its PTX holds the expected kernels. Needs
/// only NVRTC (CI installs Debian's libnvrtc11.2); skips with the reason without it.
/// </summary>
public sealed partial class NvrtcCompileTests
{
    private static readonly ComputeCapability Hopper = new(9, 0);

    /// <summary>The extern "C" kernels each file must define.</summary>
    public static TheoryData<string, string[]> ExpectedEntries => new()
    {
        { "cohort.cu", ["cohort_epoch", "wide_begin", "wide_gather", "wide_bias_act", "wide_loss", "wide_reduce", "wide_act_back",
            "wide_advance", "wide_update", "wide_penalty_parts", "wide_penalty"] },
        { "selftest.cu", ["saxpy", "sgemm_tiled", "philox_uniform"] },
    };

    [Fact]
    public void Every_embedded_file_has_its_expected_entries_listed()
    {
        Assert.Equal(EmbeddedKernels.Programs.Order(), ExpectedEntries.Select(row => row.Data.Item1).Order());
    }

    [Theory]
    [MemberData(nameof(ExpectedEntries))]
    public void Kernels_compile_for_compute_90_with_their_entries(string file, string[] entries)
    {
        Needs.Nvrtc();
        using var dir = new TempDirectory();
        var ptx = new KernelCompiler(dir.Path).Ptx(file, Hopper);
        Assert.Contains(".target sm_90", ptx);
        var found = EntryPattern().Matches(ptx).Select(m => m.Groups[1].Value).Order().ToArray();
        Assert.Equal(entries.Order().ToArray(), found);
    }

    /// <summary>
    /// The device's machine code, as the engine loads it: ptxas runs inside NVRTC here, so what only it checks (a
    /// kernel's registers against its launch bounds, its shared memory against the SM's) fails in CI, not on the GPU.
    /// </summary>
    [Theory]
    [MemberData(nameof(ExpectedEntries))]
    public void Kernels_compile_to_machine_code_for_sm_90_with_their_entries(string file, string[] entries)
    {
        Needs.Nvrtc();
        using var dir = new TempDirectory();
        var cubin = new KernelCompiler(dir.Path).Cubin(file, Hopper);
        Assert.Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], cubin[..4]);
        var text = System.Text.Encoding.Latin1.GetString(cubin); // section names: .nv.info.<kernel> per kernel
        Assert.All(entries, e => Assert.Contains($".nv.info.{e}\0", text));
    }

    [Fact]
    public void An_architecture_NVRTC_does_not_know_is_refused_naming_the_option()
    {
        Needs.Nvrtc();
        var program = new KernelProgram(new KernelSource("k.cu", "extern \"C\" __global__ void k() {}"), []);
        var ex = Assert.Throws<CudaException>(() => NvrtcCompiler.CompileCubin(program, ["--gpu-architecture=sm_19"]));
        Assert.Equal(("nvrtcCompileProgram", "k.cu", "NVRTC_ERROR_INVALID_OPTION"), (ex.Call, ex.Kernel, ex.ErrorName));
    }

    [Fact]
    public void The_second_compile_comes_from_the_disk_cache()
    {
        Needs.Nvrtc();
        using var dir = new TempDirectory();
        var first = new KernelCompiler(dir.Path);
        var ptx = first.Ptx("selftest.cu", Hopper);
        var second = new KernelCompiler(dir.Path);
        Assert.Equal(ptx, second.Ptx("selftest.cu", Hopper));
        Assert.Equal((1, 0), (first.Cache.Misses, second.Cache.Misses));
        Assert.Equal(1, second.Cache.Hits);
    }

    [Fact]
    public void A_compile_error_names_the_file_and_carries_NVRTCs_log()
    {
        Needs.Nvrtc();
        var broken = new KernelProgram(new KernelSource("broken.cu", "extern \"C\" __global__ void k() { undeclared_name = 1; }"), []);
        var ex = Assert.Throws<CudaException>(() => NvrtcCompiler.Compile(broken, KernelCompiler.Options(Hopper)));
        Assert.Equal(("nvrtcCompileProgram", "broken.cu", "NVRTC_ERROR_COMPILATION"), (ex.Call, ex.Kernel, ex.ErrorName));
        Assert.Contains("undeclared_name", ex.Message);
    }

    [Fact]
    public void NVRTC_reports_a_version_and_the_library_it_loaded()
    {
        Needs.Nvrtc();
        Assert.Matches(@"^\d+\.\d+$", NvrtcCompiler.Version);
        Assert.Contains("nvrtc", NvrtcCompiler.LibraryName);
    }

    [Fact]
    public void A_minimum_of_blocks_per_SM_is_a_separate_variant_that_tells_the_compiler_and_two_is_the_default()
    {
        Needs.Nvrtc();
        using var dir = new TempDirectory();
        var compiler = new KernelCompiler(dir.Path);
        var plain = compiler.Ptx("cohort.cu", Hopper);
        var four = compiler.Ptx("cohort.cu", Hopper, "COHORT_MIN_BLOCKS=4");
        // the kernel's own default, as the host describes it (MinBlocks.Default): 2 blocks of 256 threads, 128 registers at most
        Assert.Matches($@"\.entry cohort_epoch\([^{{]*\.maxntid 256, 1, 1\s+\.minnctapersm {MinBlocks.Default(256)}\s", plain);
        Assert.Matches(@"\.entry cohort_epoch\([^{]*\.minnctapersm 4", four);
        Assert.Equal(2, compiler.Cache.Misses); // cached apart
        Assert.Equal(four, compiler.Ptx("cohort.cu", Hopper, "COHORT_MIN_BLOCKS=4"));
    }

    [Fact]
    public void The_wide_paths_kernels_keep_everything_in_registers()
    {
        Needs.Nvrtc();
        using var dir = new TempDirectory();
        var ptx = new KernelCompiler(dir.Path).Ptx("cohort.cu", Hopper);
        var entries = EntryPattern().Matches(ptx).Where(m => m.Groups[1].Value.StartsWith("wide_", StringComparison.Ordinal)).ToList();
        Assert.Equal(Harness.Engine.Cuda.WideCohort.Kernels.Order(), entries.Select(m => m.Groups[1].Value).Order());
        foreach (var m in entries)
        {
            int end = ptx.IndexOf("\n}", m.Index, StringComparison.Ordinal); // its body ends at the first brace that starts a line
            var body = ptx[m.Index..end];
            Assert.False(body.Contains("__local_depot", StringComparison.Ordinal), $"{m.Groups[1].Value} uses local memory (a stack frame per thread)");
        }
    }

    [GeneratedRegex(@"\.entry\s+(\w+)")]
    private static partial Regex EntryPattern();
}
