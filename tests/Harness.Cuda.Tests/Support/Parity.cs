using System.Globalization;
using Harness.Cuda.Diagnostics;
using Harness.Data;
using Harness.Engine;

namespace Harness.Cuda.Tests.Support;

/// <summary>
/// Trains configs on both engines (each CPU member alone, the GPU members as one cohort) and compares them: every
/// epoch's losses and accuracies, then every parameter tensor by name, |gpu - cpu| &lt;= atol + rtol |cpu|, the first
/// mismatches printed. With dropout 0 both engines start from the same weights (host init) and draw the same data
/// order (the CPU's xoshiro shuffle on the device), so only float summation order separates them.
/// </summary>
internal static class Parity
{
    public static IReadOnlyList<TrainResult> Cpu(DataSplits data, IReadOnlyList<TrainConfig> configs)
    {
        using var engine = new CpuEngine();
        using var held = engine.Load(data);
        return [.. configs.Select(c =>
        {
            using var cohort = engine.CreateCohort(held, [c]);
            return CohortTrainer.Train(cohort, [c])[0];
        })];
    }

    public static IReadOnlyList<TrainResult> Gpu(IEngine engine, DataSplits data, IReadOnlyList<TrainConfig> configs)
    {
        using var held = engine.Load(data);
        using var cohort = engine.CreateCohort(held, configs);
        return CohortTrainer.Train(cohort, configs);
    }

    /// <summary>Asserts both runs agree: stop reason, epochs, per-epoch metrics, then each tensor of the final model.</summary>
    public static void AssertMatch(TrainResult gpu, TrainResult cpu, string member, double atol, double rtol, double accuracyTolerance)
    {
        Assert.True(cpu.StopReason == gpu.StopReason, $"{member}: stop reason gpu {gpu.StopReason}, cpu {cpu.StopReason}");
        Assert.True(cpu.History.Count == gpu.History.Count, $"{member}: epochs gpu {gpu.History.Count}, cpu {cpu.History.Count}");
        for (int e = 0; e < cpu.History.Count; e++)
        {
            EpochMetrics g = gpu.History[e], c = cpu.History[e];
            Close(g.TrainLoss, c.TrainLoss, atol, rtol, $"{member} epoch {e + 1} train loss");
            Close(g.ValidationLoss, c.ValidationLoss, atol, rtol, $"{member} epoch {e + 1} validation loss");
            Close(g.TrainAccuracy, c.TrainAccuracy, accuracyTolerance, 0, $"{member} epoch {e + 1} train accuracy");
            Close(g.ValidationAccuracy, c.ValidationAccuracy, accuracyTolerance, 0, $"{member} epoch {e + 1} validation accuracy");
            Assert.Equal(c.LearningRate, g.LearningRate);
        }
        Tensors(gpu.Model, cpu.Model, member, atol, rtol);
    }

    /// <summary>Every named tensor (W1, b1, ...) of two models of one layout within tolerance.</summary>
    public static void Tensors(Model gpu, Model cpu, string member, double atol, double rtol)
    {
        Assert.Equal(cpu.LayerSizes, gpu.LayerSizes);
        foreach (var (name, range) in cpu.Layout.Tensors)
        {
            var r = ToleranceCheck.Compare(gpu.Parameters.AsSpan()[range], cpu.Parameters.AsSpan()[range], atol, rtol);
            Assert.True(r.Passed, $"{member} {name}: {r}");
        }
    }

    private static void Close(double gpu, double cpu, double atol, double rtol, string what)
    {
        if (double.IsNaN(cpu) && double.IsNaN(gpu)) return;
        Assert.True(Math.Abs(gpu - cpu) <= atol + rtol * Math.Abs(cpu),
            string.Create(CultureInfo.InvariantCulture, $"{what}: gpu {gpu:R}, cpu {cpu:R}"));
    }
}
