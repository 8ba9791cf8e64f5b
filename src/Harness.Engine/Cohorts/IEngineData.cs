using Harness.Data;

namespace Harness.Engine;

/// <summary>A dataset held by an engine (on the CPU: the splits in memory; on a GPU: uploaded once).</summary>
public interface IEngineData : IDisposable
{
    /// <summary>The splits as loaded (raw, before any standardization).</summary>
    DataSplits Splits { get; }
}
