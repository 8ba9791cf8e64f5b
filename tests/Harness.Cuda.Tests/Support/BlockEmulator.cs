using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Support;

/// <summary>
/// Builds Emulation/block_emulator.cpp with g++ around the embedded cohort.cu (once per test run) and runs cohort_epoch
/// through it on the CPU with exactly the inputs CudaCohort would upload: the plan, shape, settings, host-initialized
/// parameters and shuffle states. Skips with the reason where there is no g++ (Linux and macOS only).
/// </summary>
internal static class BlockEmulator
{
    /// <summary>One build per block size (COHORT_THREADS), made on first use.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<(string? Executable, string Why)>> Built = new();

    /// <summary>What one emulated run left: each epoch's output slots (M x 8), the final parameters and workspace.</summary>
    public sealed record Result(CohortPlan Plan, IReadOnlyList<double[]> Epochs, float[] Parameters, float[] Workspace);

    /// <summary>
    /// Trains <paramref name="configs"/> as one cohort for <paramref name="epochs"/> epochs in the emulator,
    /// <paramref name="group"/> blocks of <paramref name="threads"/> threads per member; with <paramref name="reverse"/>
    /// the emulated threads run last to first between barriers (EMULATOR_FIBER_ORDER, fibers.h).
    /// </summary>
    public static Result Run(DataSplits data, IReadOnlyList<TrainConfig> configs, int epochs, int maxSteps = -1, int group = 1,
        int threads = CohortPlan.ThreadsPerBlock, bool reverse = false)
    {
        var (exe, why) = Built.GetOrAdd(threads, t => new(() => EmulatorBuild.Build("block_emulator.cpp", shared: false,
            [.. BlockThreads.Defines(t)]), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        if (exe is null) Assert.Skip(why);
        using var dir = new TempDirectory();
        string input = Path.Combine(dir.Path, "in.bin"), output = Path.Combine(dir.Path, "out.bin");
        var plan = WriteInput(input, data, configs, epochs, maxSteps, group);
        var order = new Dictionary<string, string> { ["EMULATOR_FIBER_ORDER"] = reverse ? "reverse" : "forward" };
        var (code, text) = EmulatorBuild.Execute(exe!, [input, output], TimeSpan.FromSeconds(120), order);
        Assert.True(code == 0, $"block_emulator exited {code}: {text}");
        using var r = new BinaryReader(File.OpenRead(output));
        var outs = Enumerable.Range(0, epochs).Select(_ => Read(r, r.ReadDouble)).ToList();
        return new Result(plan, outs, Read(r, r.ReadSingle), Read(r, r.ReadSingle));
    }

    private static CohortPlan WriteInput(string path, DataSplits data, IReadOnlyList<TrainConfig> configs, int epochs, int maxSteps, int group)
    {
        var train = data.Train;
        var validation = data.Validation;
        if (configs[0].Standardize) throw new ArgumentException("the emulator takes raw splits; standardize them before");
        var architecture = Architecture.Of(configs[0], train.FeatureCount, train.OutputCount, train.Shape);
        var plan = CohortPlan.For(architecture, configs, train, validation.Count);
        var settings = new MemberSettings(configs);
        float[] parameters = [.. configs.SelectMany(c => EpochOutputs.InitialWeights(c, architecture.Layout))]; // as the cohorts upload them
        using var w = new BinaryWriter(File.Create(path));
        Write(w, [configs.Count, plan.Rows, plan.Batch, (int)plan.Parameters, (int)plan.WorkspaceFloats, train.Count, validation.Count, epochs, maxSteps, group], w.Write);
        Write(w, CohortShape.Of(architecture, train.Labels is not null, validation.Labels is not null, CohortPlan.AugmentedImage(train)), w.Write);
        Write(w, train.Features, w.Write);
        Write(w, DeviceSplit.TargetRows(train), w.Write);
        Write(w, validation.Features, w.Write);
        Write(w, validation.Count > 0 ? DeviceSplit.TargetRows(validation) : [], w.Write);
        Write(w, train.Labels ?? [], w.Write);
        Write(w, validation.Labels ?? [], w.Write);
        Write(w, parameters, w.Write);
        Write(w, [.. configs.SelectMany(ShuffleState.Of)], w.Write);
        Write(w, settings.Floats, w.Write);
        Write(w, settings.Ints, w.Write);
        for (int e = 0; e < epochs; e++)
        {
            for (int m = 0; m < configs.Count; m++) settings.SetLearningRate(m, LearningRateSchedule.Rate(configs[m], e));
            Write(w, settings.Doubles, w.Write);
        }
        return plan;
    }

    private static void Write<T>(BinaryWriter w, T[] values, Action<T> write)
    {
        w.Write(values.Length);
        foreach (var v in values) write(v);
    }

    private static T[] Read<T>(BinaryReader r, Func<T> read)
    {
        var values = new T[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = read();
        return values;
    }
}
