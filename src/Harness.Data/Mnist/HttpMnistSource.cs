using System.IO.Compression;

namespace Harness.Data;

/// <summary>
/// An HTTPS mirror serving <c>&lt;base&gt;&lt;name&gt;.gz</c>. Connecting and receiving the response headers must each
/// finish within <see cref="HeaderTimeout"/> (so an unreachable mirror fails in about 10 s); the body then has
/// <see cref="BodyTimeout"/>.
/// </summary>
internal sealed class HttpMnistSource(string baseUrl) : IMnistSource
{
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan BodyTimeout = TimeSpan.FromMinutes(5);

    private static readonly HttpClient Client = new(new SocketsHttpHandler { ConnectTimeout = HeaderTimeout })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public string Name => baseUrl;

    public Stream Open(MnistFile file, Action<string> log, CancellationToken cancellationToken)
    {
        var url = baseUrl + file.GzName;
        log($"downloading {url}");
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headers.CancelAfter(HeaderTimeout);
        HttpResponseMessage response;
        try
        {
            response = Client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, headers.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no response within {HeaderTimeout.TotalSeconds:0} s");
        }
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} for {url}");
        }
        // The body is copied into memory (10 MB at most) so a slow or broken transfer surfaces here, inside the timeout.
        using var body = new CancellationTokenSource(BodyTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, body.Token);
        var buffer = new MemoryStream();
        using (response)
        using (var stream = response.Content.ReadAsStream(linked.Token))
            stream.CopyTo(buffer);
        buffer.Position = 0;
        var head = buffer.GetBuffer();
        return buffer.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b
            ? new GZipStream(buffer, CompressionMode.Decompress)
            : buffer;
    }
}
