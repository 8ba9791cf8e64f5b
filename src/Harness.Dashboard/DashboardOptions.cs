using System.Net;

namespace Harness.Dashboard;

/// <summary>Where the dashboard listens and how fresh its view of the store is.</summary>
public sealed record DashboardOptions
{
    /// <summary>The TCP port; 0 picks a free one (see <see cref="DashboardHost.Url"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The address to listen on; the loopback address by default, so only this machine can connect.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>How long one read of an experiment's trials is reused before the store is read again.</summary>
    public TimeSpan SnapshotAge { get; init; } = TimeSpan.FromSeconds(1);
}
