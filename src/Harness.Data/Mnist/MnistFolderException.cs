namespace Harness.Data;

/// <summary>The MNIST data folder cannot be used (cannot be created or written); the message names the folder and the fix.</summary>
public sealed class MnistFolderException(string message, Exception inner) : IOException(message, inner);
