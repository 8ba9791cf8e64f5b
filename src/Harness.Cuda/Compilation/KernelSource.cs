namespace Harness.Cuda.Compilation;

/// <summary>One CUDA C file: its file name (as #include and error messages name it) and its text.</summary>
public sealed record KernelSource(string Name, string Text);
