namespace Harness.Data;

/// <summary>Every source failed for at least one MNIST file; the message lists each source with its error and how to place the files by hand.</summary>
public sealed class MnistFetchException(string message) : Exception(message);
