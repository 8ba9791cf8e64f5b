using Harness.Data;

namespace Harness.Engine.Cuda;

/// <summary>
/// A <see cref="RoutingEngine"/>'s dataset: the splits, loaded into each engine the router sends a cohort to, once,
/// on that cohort's first need (a sweep the GPU trains whole never copies them to the CPU engine, and the other way
/// round). Safe for cohorts on several threads at once; disposing it disposes what was loaded.
/// </summary>
internal sealed class RoutedData : IEngineData
{
    private readonly RoutingEngine _owner;
    private readonly Dictionary<IEngine, IEngineData> _loaded = new(ReferenceEqualityComparer.Instance);
    private readonly object _gate = new();
    private bool _disposed;

    public RoutedData(RoutingEngine owner, DataSplits splits)
    {
        _owner = owner;
        Splits = splits;
    }

    public DataSplits Splits { get; }

    /// <summary>True when <paramref name="engine"/> made this dataset.</summary>
    public bool LoadedBy(RoutingEngine engine) => ReferenceEquals(_owner, engine);

    /// <summary>The dataset as <paramref name="engine"/> holds it, loading it there on first use.</summary>
    public IEngineData In(IEngine engine)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_loaded.TryGetValue(engine, out var data))
            {
                data = engine.Load(Splits);
                _loaded.Add(engine, data);
            }
            return data;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var data in _loaded.Values) data.Dispose();
            _loaded.Clear();
        }
    }
}
