using Harness.Cuda.Compilation;

namespace Harness.Cuda.Tests.Compilation;

/// <summary>The kernel files travel inside the assembly under their file names.</summary>
public sealed class EmbeddedKernelsTests
{
    [Fact]
    public void The_kernel_files_and_headers_are_embedded()
    {
        Assert.Contains("selftest.cu", EmbeddedKernels.Programs);
        Assert.Contains(EmbeddedKernels.Headers, h => h.Name == "philox.cuh" && h.Text.Contains("philox4x32_10"));
        Assert.Contains("#include \"philox.cuh\"", EmbeddedKernels.Program("selftest.cu").Main.Text);
    }

    [Fact]
    public void Every_kernel_opens_with_a_one_line_shape_comment()
    {
        foreach (var name in EmbeddedKernels.Programs)
        {
            var lines = EmbeddedKernels.Program(name).Main.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].Contains("__global__"))
                    Assert.True(i > 0 && lines[i - 1].TrimStart().StartsWith("//"), $"{name}: kernel on line {i + 1} has no comment above it");
        }
    }

    [Fact]
    public void An_unknown_file_names_the_embedded_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => EmbeddedKernels.Program("nope.cu"));
        Assert.Contains("selftest.cu", ex.Message);
    }
}
