using System.Collections.Concurrent;
using Harness.Data;
using Harness.Engine;

namespace Harness.Sweeps.Tests.Running;

/// <summary>
/// An engine double, by default standing in for the CUDA engine (named <c>cuda</c>, device "Fake GPU"): trains on an
/// inner CPU engine, records the cohorts it gets, and refuses every cohort with an <see cref="ArgumentException"/>
/// when told to.
/// </summary>
internal sealed class RecordingEngine(int preferredCohortSize = 8, bool refuse = false, string name = "cuda", string device = RecordingEngine.FakeGpu)
    : IEngine
{
    private readonly CpuEngine _inner = new();

    public const string FakeGpu = "Fake GPU";

    public ConcurrentQueue<IReadOnlyList<TrainConfig>> Cohorts { get; } = [];
    public int Loads;

    public string Name => name;
    public string Device => device;
    public int PreferredCohortSize => preferredCohortSize;

    public IEngineData Load(DataSplits data)
    {
        Interlocked.Increment(ref Loads);
        return new Held(_inner.Load(data));
    }

    public ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members)
    {
        Cohorts.Enqueue([.. members]);
        if (refuse) throw new ArgumentException("the fake engine refuses cohort member 0");
        if (data is not Held held) throw new ArgumentException($"the dataset was loaded by another engine ({data.GetType().Name})");
        return _inner.CreateCohort(held.Inner, members);
    }

    public void Dispose() { }

    private sealed class Held(IEngineData inner) : IEngineData
    {
        public IEngineData Inner => inner;
        public DataSplits Splits => inner.Splits;
        public void Dispose() => inner.Dispose();
    }
}
