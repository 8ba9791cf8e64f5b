namespace Harness.Data;

/// <summary>The folder and the four verified MNIST files in it, in <see cref="MnistFile.All"/> order.</summary>
public sealed record MnistFileSet(string Directory, IReadOnlyList<string> Paths);
