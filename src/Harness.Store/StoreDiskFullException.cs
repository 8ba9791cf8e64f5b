namespace Harness.Store;

/// <summary>
/// The store's volume is full (or nearly): a write was refused before it started, or abandoned because LiteDB
/// could not finish it. Finished trials stay as they were. It derives from <see cref="InvalidOperationException"/>
/// because the store cannot be written in its current state; the message starts "disk full writing PATH".
/// </summary>
public sealed class StoreDiskFullException(string path, string detail, Exception? inner = null)
    : InvalidOperationException($"disk full writing {path}: {detail}. Finished trials are kept; free some space and " +
                                "run the same command again to resume", inner)
{
    /// <summary>The store file.</summary>
    public string Path { get; } = path;

    /// <summary>What happened, without the path and the advice around it.</summary>
    public string Detail { get; } = detail;
}
