using Harness.Cuda;
using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// One split on the device: features X (n, D), targets T (n, K) (the dataset's targets, else one-hot labels, as
/// the CPU's Targets builds them) and labels Y (n) when there are any. An empty split holds no buffers; its pointers
/// are 0.
/// </summary>
internal sealed class DeviceSplit : IDeviceSplit, IDisposable
{
    private readonly CudaDeviceVariable<float>? _x, _t;
    private readonly CudaDeviceVariable<int>? _y;

    public DeviceSplit(CudaContext context, Dataset data)
    {
        Count = data.Count;
        HasLabels = data.Labels is not null;
        if (Count == 0) return;
        try
        {
            _x = new CudaDeviceVariable<float>(context, data.Features.AsSpan(0, Count * data.FeatureCount));
            _t = new CudaDeviceVariable<float>(context, TargetRows(data));
            if (data.Labels is { } labels) _y = new CudaDeviceVariable<int>(context, labels.AsSpan(0, Count));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count { get; }
    public bool HasLabels { get; }
    public long Bytes => (_x?.SizeInBytes ?? 0) + (_t?.SizeInBytes ?? 0) + (_y?.SizeInBytes ?? 0);
    public ulong X => _x?.DevicePointer ?? 0;
    public ulong T => _t?.DevicePointer ?? 0;
    /// <summary>The labels' address, or 0 when the split has none (the kernel then counts no accuracy).</summary>
    public ulong Y => _y?.DevicePointer ?? 0;

    /// <summary>t: (n, K) for every example in order: Dataset.Targets, else one-hot labels.</summary>
    internal static float[] TargetRows(Dataset data)
    {
        int n = data.Count, k = data.OutputCount;
        if (data.Targets is { } targets) return targets.AsSpan(0, n * k).ToArray();
        var t = new float[n * k];
        for (int i = 0; i < n; i++) t[i * k + data.Labels![i]] = 1f;
        return t;
    }

    public void Dispose()
    {
        _x?.Dispose();
        _t?.Dispose();
        _y?.Dispose();
    }
}
