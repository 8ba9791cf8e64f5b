using System.Reflection;

namespace Harness.Cuda.Compilation;

/// <summary>The .cu and .cuh files embedded in this assembly (src/Harness.Cuda/Kernels), by file name.</summary>
public static class EmbeddedKernels
{
    private static readonly Assembly Assembly = typeof(EmbeddedKernels).Assembly;

    /// <summary>Names of every embedded .cu file, sorted.</summary>
    public static IReadOnlyList<string> Programs { get; } = Names(".cu");

    /// <summary>Every embedded header (.cuh); each program is compiled with all of them available to #include.</summary>
    public static IReadOnlyList<KernelSource> Headers { get; } = Names(".cuh").Select(Read).ToList();

    /// <summary>The program for one embedded .cu file, with the headers.</summary>
    public static KernelProgram Program(string name) =>
        Programs.Contains(name)
            ? new KernelProgram(Read(name), Headers)
            : throw new ArgumentException($"no embedded kernel file '{name}' (have: {string.Join(", ", Programs)})", nameof(name));

    private static IReadOnlyList<string> Names(string extension) =>
        Assembly.GetManifestResourceNames().Where(n => n.EndsWith(extension, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    private static KernelSource Read(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded kernel resource '{name}' is missing");
        using var reader = new StreamReader(stream);
        return new KernelSource(name, reader.ReadToEnd());
    }
}
