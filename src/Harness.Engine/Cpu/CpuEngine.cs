using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// The CPU reference engine. A cohort's members train one after another within each epoch, each with its own
/// state and RNG streams, so every member gets bit for bit the result it gets alone. Threads come from each
/// member's <see cref="TrainConfig.Threads"/> (0 = all cores) and never change results.
/// </summary>
public sealed class CpuEngine : IEngine
{
    public string Name => "cpu";
    public string Device => $"cpu ({Environment.ProcessorCount} cores)";
    public int PreferredCohortSize => 1;
    public bool Resumes => true;

    public IEngineData Load(DataSplits data) => new CpuData(data);

    public ICohort CreateCohort(IEngineData data, IReadOnlyList<TrainConfig> members)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is not CpuData cpu) throw new ArgumentException($"the dataset was loaded by another engine ({data.GetType().Name}), not the CPU engine");
        return new CpuCohort(cpu, members);
    }

    public void Dispose() { }

    /// <summary>
    /// Single-threaded ops for host-side inference (evaluation chunks, <see cref="Model.Predict"/>, hidden
    /// activations): the one place besides a training member where CPU ops are made.
    /// </summary>
    internal static CpuOps InferenceOps() => new(1);
}
