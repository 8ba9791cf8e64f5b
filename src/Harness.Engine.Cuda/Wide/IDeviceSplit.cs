namespace Harness.Engine.Cuda;

/// <summary>A data split on the device as the kernels read it: features X (n, D), targets T (n, K), labels Y (n) or 0.</summary>
internal interface IDeviceSplit
{
    int Count { get; }
    bool HasLabels { get; }
    ulong X { get; }
    ulong T { get; }
    ulong Y { get; }
}
