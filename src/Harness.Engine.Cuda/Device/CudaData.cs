using Harness.Cuda;
using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// The CUDA engine's dataset: training and validation splits uploaded once, raw and (on first use) standardized with
/// the statistics of the training split, as the CPU engine prepares them. The test split stays on the host (the
/// caller evaluates exported models there).
/// </summary>
internal sealed class CudaData : IEngineData
{
    private readonly CudaContext _context;
    private readonly Lazy<DevicePrepared> _raw, _standardized;

    public CudaData(CudaContext context, DataSplits splits)
    {
        ArgumentNullException.ThrowIfNull(splits);
        _context = context;
        Splits = splits;
        _raw = new(() => Upload(splits.Train, splits.Validation, null), LazyThreadSafetyMode.ExecutionAndPublication);
        _standardized = new(() =>
        {
            var s = Standardization.Fit(splits.Train);
            return Upload(s.Apply(splits.Train), s.Apply(splits.Validation), s);
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DataSplits Splits { get; }

    public CudaContext Context => _context;

    /// <summary>The training and validation splits on the device as a cohort trains on them.</summary>
    public DevicePrepared Prepared(bool standardize) => standardize ? _standardized.Value : _raw.Value;

    private DevicePrepared Upload(Dataset train, Dataset validation, Standardization? s)
    {
        var t = new DeviceSplit(_context, train);
        try
        {
            var prepared = new DevicePrepared(t, new DeviceSplit(_context, validation), s);
            // A copy from pageable memory may return before its DMA lands; wait for it here, so streams that do not
            // wait for the legacy stream (the wide path's) read complete data.
            CudaStream.Legacy.Synchronize(_context);
            return prepared;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_raw.IsValueCreated) _raw.Value.Dispose();
        if (_standardized.IsValueCreated) _standardized.Value.Dispose();
    }
}
