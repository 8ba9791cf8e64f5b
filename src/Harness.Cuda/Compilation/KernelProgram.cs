namespace Harness.Cuda.Compilation;

/// <summary>A .cu file to compile together with the headers it may #include.</summary>
public sealed record KernelProgram(KernelSource Main, IReadOnlyList<KernelSource> Headers)
{
    /// <summary>The main file's name ("selftest.cu").</summary>
    public string Name => Main.Name;
}
