namespace Harness.Cuda;

/// <summary>A device's compute capability, e.g. 9.0 for the H100/H200.</summary>
public readonly record struct ComputeCapability(int Major, int Minor)
{
    /// <summary>The NVRTC virtual architecture for this capability: "compute_90".</summary>
    public string VirtualArchitecture => $"compute_{Major}{Minor}";

    /// <summary>The NVRTC real architecture (the device's machine code) for this capability: "sm_90".</summary>
    public string RealArchitecture => $"sm_{Major}{Minor}";

    /// <inheritdoc />
    public override string ToString() => $"{Major}.{Minor}";
}
