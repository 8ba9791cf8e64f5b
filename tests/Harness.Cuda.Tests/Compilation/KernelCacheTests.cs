using Harness.Cuda.Compilation;
using Harness.Cuda.Tests.Support;

namespace Harness.Cuda.Tests.Compilation;

/// <summary>The disk cache with a fake compiler: the first run compiles, the second compiles nothing, any input change recompiles.</summary>
public sealed class KernelCacheTests
{
    private static readonly KernelProgram Program = new(new KernelSource("k.cu", "extern \"C\" __global__ void k() {}"),
        [new KernelSource("h.cuh", "#pragma once")]);
    private static readonly string[] Options = ["--gpu-architecture=compute_90"];

    private sealed class FakeCompiler
    {
        public int Calls { get; private set; }

        public string Compile(KernelProgram program, IReadOnlyList<string> options)
        {
            Calls++;
            return $"// ptx of {program.Name} with {string.Join(' ', options)} #{Calls}";
        }
    }

    [Fact]
    public void A_second_cache_over_the_same_folder_compiles_nothing()
    {
        using var dir = new TempDirectory();
        var compiler = new FakeCompiler();
        var first = new KernelCache(dir.Path, "11.8", compiler.Compile);
        var ptx = first.GetPtx(Program, Options);
        Assert.Equal((0, 1, 1), (first.Hits, first.Misses, compiler.Calls));

        var second = new KernelCache(dir.Path, "11.8", compiler.Compile);
        Assert.Equal(ptx, second.GetPtx(Program, Options));
        Assert.Equal((1, 0, 1), (second.Hits, second.Misses, compiler.Calls));
        Assert.Single(Directory.GetFiles(dir.Path));
        Assert.StartsWith("k-", Path.GetFileName(Directory.GetFiles(dir.Path)[0]));
    }

    [Fact]
    public void Machine_code_is_cached_as_bytes_apart_from_the_PTX()
    {
        using var dir = new TempDirectory();
        var compiler = new FakeCompiler();
        int cubins = 0;
        byte[] Cubin(KernelProgram program, IReadOnlyList<string> options) => [0x7f, (byte)'E', (byte)'L', (byte)'F', 0, 0xff, (byte)++cubins];
        string[] sm90 = ["--gpu-architecture=sm_90"];
        var first = new KernelCache(dir.Path, "11.8", compiler.Compile, Cubin);
        var image = first.GetCubin(Program, sm90);
        first.GetPtx(Program, Options);
        Assert.Equal((0, 2, 1, 1), (first.Hits, first.Misses, compiler.Calls, cubins));

        var second = new KernelCache(dir.Path, "11.8", compiler.Compile, Cubin);
        Assert.Equal(image, second.GetCubin(Program, sm90)); // every byte, the zero and 0xff included
        Assert.Equal((1, 0, 1), (second.Hits, second.Misses, cubins));
        Assert.Equal([".cubin", ".ptx"], Directory.GetFiles(dir.Path).Select(Path.GetExtension).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_cache_made_without_a_machine_code_compiler_says_so()
    {
        using var dir = new TempDirectory();
        var cache = new KernelCache(dir.Path, "11.8", new FakeCompiler().Compile);
        var ex = Assert.Throws<InvalidOperationException>(() => cache.GetCubin(Program, ["--gpu-architecture=sm_90"]));
        Assert.Contains("without a CUBIN compiler", ex.Message);
    }

    [Fact]
    public void Source_header_options_and_compiler_version_each_change_the_key()
    {
        var key = KernelCache.Key(Program, Options, "11.8");
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, KernelCache.Key(Program, Options, "11.8"));
        Assert.NotEqual(key, KernelCache.Key(Program with { Main = Program.Main with { Text = Program.Main.Text + " " } }, Options, "11.8"));
        Assert.NotEqual(key, KernelCache.Key(Program with { Headers = [new KernelSource("h.cuh", "// changed")] }, Options, "11.8"));
        Assert.NotEqual(key, KernelCache.Key(Program, ["--gpu-architecture=compute_80"], "11.8"));
        Assert.NotEqual(key, KernelCache.Key(Program, Options, "13.0"));
    }

    [Fact]
    public void A_new_compiler_version_recompiles_into_a_new_entry()
    {
        using var dir = new TempDirectory();
        var compiler = new FakeCompiler();
        new KernelCache(dir.Path, "11.8", compiler.Compile).GetPtx(Program, Options);
        var newer = new KernelCache(dir.Path, "13.0", compiler.Compile);
        newer.GetPtx(Program, Options);
        Assert.Equal((0, 1, 2), (newer.Hits, newer.Misses, compiler.Calls));
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void An_unwritable_cache_folder_still_returns_the_compiled_PTX()
    {
        using var dir = new TempDirectory();
        var blocker = Path.Combine(dir.Path, "file-not-folder");
        File.WriteAllText(blocker, "");
        var compiler = new FakeCompiler();
        var cache = new KernelCache(Path.Combine(blocker, "kernels"), "11.8", compiler.Compile);
        Assert.Contains("ptx of k.cu", cache.GetPtx(Program, Options));
        Assert.Contains("ptx of k.cu", cache.GetPtx(Program, Options));
        Assert.Equal(2, compiler.Calls);
    }

    [Fact]
    public void The_default_folder_is_per_user_under_local_application_data_unless_the_variable_moves_it()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        var expected = Path.Combine(string.IsNullOrEmpty(root) ? Path.GetTempPath() : root, "harness", "kernels");
        Assert.Equal(expected, KernelCache.DefaultDirectory(null));
        Assert.Equal(expected, KernelCache.DefaultDirectory(""));
        using var dir = new TempDirectory();
        Assert.Equal(dir.Path, KernelCache.DefaultDirectory(dir.Path));
        Assert.Equal(Path.GetFullPath("kernels-here"), KernelCache.DefaultDirectory("kernels-here")); // relative: from the working folder
        var set = Environment.GetEnvironmentVariable(KernelCache.Variable);
        Assert.Equal(string.IsNullOrEmpty(set) ? expected : Path.GetFullPath(set), KernelCache.DefaultDirectory());
    }
}
