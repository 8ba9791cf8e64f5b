namespace Harness.Data;

/// <summary>
/// Somewhere the four MNIST files can come from (an HTTPS mirror, the npm registry, a test double).
/// <see cref="MnistFetcher"/> tries sources in order and verifies whatever they deliver.
/// </summary>
internal interface IMnistSource
{
    /// <summary>How the source is named in progress lines and error messages (a URL, a command).</summary>
    string Name { get; }

    /// <summary>
    /// Opens the file's uncompressed IDX bytes. Failures throw (any exception); a stream that fails part-way
    /// is fine too: the fetcher writes to a temporary file and deletes it.
    /// </summary>
    Stream Open(MnistFile file, Action<string> log, CancellationToken cancellationToken);
}
