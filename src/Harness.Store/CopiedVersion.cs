namespace Harness.Store;

/// <summary>One experiment version as a store holds it: counts and a SHA-256 (hex) of its content (see <see cref="StoreCopy"/>).</summary>
public sealed record CopiedVersion(string Name, int Version, int Trials, int Epochs, int Models, string Checksum);
