namespace Harness.Cli.Tests.Cluster;

/// <summary>
/// A test class on the servers .ci/cluster starts: each test gets a temporary folder and the fresh databases it asks
/// <see cref="Servers"/> for, both removed after it.
/// </summary>
public abstract class ClusterTest : IDisposable
{
    private protected TempDir Dir { get; } = new();
    private protected ClusterServers Servers { get; } = new();

    public void Dispose()
    {
        Servers.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
